import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { ClientAbort, type ClientSignal } from '../client-signal.js';
import type { Clock } from './clock.js';

/**
 * A request's deadline, and itself the signal its attempts get: it aborts
 * when the client leaves (with the client's reason) or when the time is up
 * (with a `deadline_exceeded` timeout failure). Upstream calls and waits
 * between retries use it, so no retry runs past it. One plain timer per
 * request, cleared on dispose.
 */
export class Deadline implements ClientSignal {
  readonly at: number;
  private readonly state = new ClientAbort();
  private controller?: AbortController;
  private readonly timer: NodeJS.Timeout;
  private readonly forward = (): void => this.state.abort(this.client.reason);

  constructor(
    private readonly client: ClientSignal,
    readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {
    this.at = clock.now() + timeoutMs;
    this.timer = setTimeout(() => this.state.abort(this.exceeded()), timeoutMs);
    if (client.aborted) this.forward();
    else client.addEventListener('abort', this.forward, { once: true });
  }

  get aborted(): boolean {
    return this.state.aborted;
  }

  get reason(): unknown {
    return this.state.reason;
  }

  addEventListener(type: 'abort', listener: () => void): void {
    this.state.addEventListener(type, listener);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    this.state.removeEventListener(type, listener);
  }

  /**
   * The same cancellation as an AbortSignal, for APIs that take only that
   * (timers/promises). Made on first use: most requests never wait, and an
   * AbortController per request was ~1.2% of a proxied request's CPU.
   */
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.state.aborted) controller.abort(this.state.reason);
      else this.state.addEventListener('abort', () => controller.abort(this.state.reason));
    }
    return this.controller.signal;
  }

  remainingMs(): number {
    return this.at - this.clock.now();
  }

  /** The time ran out (as opposed to the client leaving). */
  get expired(): boolean {
    const reason = this.state.reason;
    return reason instanceof UpstreamFailure && reason.code === 'deadline_exceeded';
  }

  /** A stream is committed to the client: from here only the idle timeout applies; client aborts still pass. */
  release(): void {
    clearTimeout(this.timer);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.client.removeEventListener('abort', this.forward);
  }

  private exceeded(): UpstreamFailure {
    return new UpstreamFailure('timeout', null, 'deadline_exceeded', `The request deadline of ${this.timeoutMs} ms passed.`);
  }
}
