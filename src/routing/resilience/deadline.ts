import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import type { ClientSignal } from '../client-signal.js';
import type { Clock } from './clock.js';

/**
 * A request's deadline: its signal aborts when the client leaves (with the
 * client's reason) or when the time is up (with a `deadline_exceeded`
 * timeout failure). Upstream calls and waits between retries use it, so no
 * retry runs past it. One plain timer per request, cleared on dispose.
 */
export class Deadline {
  readonly at: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly forward = (): void => this.controller.abort(this.client.reason);

  constructor(
    private readonly client: ClientSignal,
    readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {
    this.at = clock.now() + timeoutMs;
    this.timer = setTimeout(() => this.controller.abort(this.exceeded()), timeoutMs);
    if (client.aborted) this.forward();
    else client.addEventListener('abort', this.forward, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  remainingMs(): number {
    return this.at - this.clock.now();
  }

  /** The time ran out (as opposed to the client leaving). */
  get expired(): boolean {
    const reason: unknown = this.controller.signal.reason;
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
