/**
 * What the gateway needs to know of a client's cancellation. An AbortSignal
 * fits (GraphQL operations share one across their calls); a REST request
 * uses the cheaper ClientAbort.
 */
export interface ClientSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

const followers = new WeakMap<ClientSignal, AbortSignal>();

/**
 * An AbortSignal for APIs that take only that (timers/promises): the signal
 * itself, or one that follows it, made on first use and shared by every wait
 * on the same signal (AbortSignal's cost is why most requests never make one).
 */
export function asAbortSignal(signal: ClientSignal): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  let follower = followers.get(signal);
  if (!follower) {
    const controller = new AbortController();
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    follower = controller.signal;
    followers.set(signal, follower);
  }
  return follower;
}

/**
 * One request's cancellation by its client (or by a shutdown deadline).
 * An AbortController builds an EventTarget signal, about 1.5% of a proxied
 * request's CPU, for the one or two listeners a request ever has.
 */
export class ClientAbort implements ClientSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Array<() => void> = [];

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }

  /** Every listener runs at most once, as the only event is the one abort. */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const at = this.listeners.indexOf(listener);
    if (at >= 0) this.listeners.splice(at, 1);
  }
}
