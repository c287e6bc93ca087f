import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import type { ClientSignal } from '../client-signal.js';

interface Waiter {
  grant(release: () => void): void;
  refuse(error: unknown): void;
}

/**
 * At most `limit` calls in flight; up to `maxQueue` more wait in order for a
 * slot, each no longer than `queueTimeoutMs` (or until its signal aborts).
 * Anything beyond is refused at once, so a saturated provider sheds load
 * instead of piling it up.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly name: string,
    readonly limit: number,
    private readonly maxQueue: number,
    private readonly queueTimeoutMs: number,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with the function that frees the slot (safe to call twice). */
  acquire(signal: ClientSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(this.refusal('concurrency_queue_full', `all ${this.limit} slots are busy and ${this.maxQueue} requests wait`));
    }
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        const index = this.queue.indexOf(waiter);
        if (index !== -1) this.queue.splice(index, 1);
      };
      const waiter: Waiter = {
        grant: (release) => {
          settle();
          resolve(release);
        },
        refuse: (error) => {
          settle();
          reject(error);
        },
      };
      const onAbort = (): void => waiter.refuse(signal.reason);
      const timer = setTimeout(
        () => waiter.refuse(this.refusal('concurrency_queue_timeout', `no slot of ${this.limit} freed within ${this.queueTimeoutMs} ms`)),
        this.queueTimeoutMs,
      );
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue[0];
      // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
      if (next) next.grant(this.releaser());
      else this.active--;
    };
  }

  private refusal(code: string, detail: string): UpstreamFailure {
    return new UpstreamFailure('rate_limited', null, code, `Concurrency limit of ${this.name}: ${detail}.`, {}, true);
  }
}
