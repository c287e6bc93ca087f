import { Injectable } from '@nestjs/common';
import type { Attempt, AttemptCall, AttemptInterceptor, AttemptResult } from './attempt.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

/**
 * Holds one of the provider's concurrency slots (YAML `concurrency.limit`, per
 * instance) for each try; a successful try keeps it until its response is
 * consumed, so a stream occupies its slot until it ends.
 */
@Injectable()
export class ConcurrencyInterceptor implements AttemptInterceptor {
  private readonly limiters = new Map<string, ConcurrencyLimiter>();

  async intercept<T extends AttemptResult>(attempt: Attempt, next: AttemptCall<T>): Promise<T> {
    const limiter = this.limiter(attempt);
    if (!limiter) return next(attempt);
    const release = await limiter.acquire(attempt.deadline);
    try {
      const result = await next(attempt);
      attempt.holds.push(release);
      return result;
    } catch (error) {
      release();
      throw error;
    }
  }

  private limiter(attempt: Attempt): ConcurrencyLimiter | undefined {
    const { limit, maxQueue, queueTimeoutMs } = attempt.policy.concurrency;
    if (limit === undefined) return undefined;
    const id = attempt.target.provider.id;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new ConcurrencyLimiter(`provider "${id}"`, limit, maxQueue, queueTimeoutMs);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
