import { setTimeout as sleep } from 'node:timers/promises';

/** Time as the resilience code sees it; tests inject a fake one to run without waiting. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A number in [0, 1), like Math.random; injected so jitter is reproducible in tests. */
export type Random = () => number;

export const CLOCK = Symbol('CLOCK');
export const RANDOM = Symbol('RANDOM');

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    if (ms <= 0) {
      signal?.throwIfAborted();
      return;
    }
    try {
      await sleep(ms, undefined, { signal });
    } catch (error) {
      // timers/promises rejects with a generic AbortError; callers need the reason (deadline or client).
      throw signal?.aborted ? signal.reason : error;
    }
  },
};
