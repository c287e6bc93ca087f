import { on, type EventEmitter } from 'node:events';

/** Resolves once `done()` holds, re-checking on every `change` event; rejects after `timeoutMs`. */
export async function waitUntil(events: EventEmitter, done: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  // Subscribe before the first check so a change in between is not lost.
  const changes = on(events, 'change', { signal });
  try {
    while (!done()) await changes.next();
  } catch (error) {
    if (signal.aborted) throw new Error(`FakeUpstream: timed out after ${timeoutMs} ms waiting for ${describe()}`);
    throw error;
  } finally {
    await changes.return?.();
  }
}
