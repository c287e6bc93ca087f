import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { asAbortSignal, ClientAbort, type ClientSignal } from '../client-signal.js';
import type { Clock } from './clock.js';

/**
 * A request's deadline, and itself the signal its attempts get: it aborts
 * when the client leaves (with the client's reason) or when the time is up
 * (with a `deadline_exceeded` timeout failure). Upstream calls and waits
 * between retries use it, so no retry runs past it. One plain timer per
 * request, cleared on dispose.
 */
export class Deadline extends ClientAbort {
  readonly at: number;
  private readonly timer: NodeJS.Timeout;
  private readonly forward = (): void => this.abort(this.client.reason);

  constructor(
    private readonly client: ClientSignal,
    readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {
    super();
    this.at = clock.now() + timeoutMs;
    this.timer = setTimeout(() => this.abort(this.exceeded()), timeoutMs);
    if (client.aborted) this.forward();
    else client.addEventListener('abort', this.forward, { once: true });
  }

  /** The same cancellation as an AbortSignal, for the waits that take only that (timers/promises). */
  get signal(): AbortSignal {
    return asAbortSignal(this);
  }

  remainingMs(): number {
    return this.at - this.clock.now();
  }

  /** The time ran out (as opposed to the client leaving). */
  get expired(): boolean {
    return this.reason instanceof UpstreamFailure && this.reason.code === 'deadline_exceeded';
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
