import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KeyPool, LeasedKey } from '../../upstream/key-pool.js';
import { exhaustedUntil, type RateLimitSnapshot } from '../../upstream/rate-limit-headers.js';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { PROGRESS_MIN_WAIT_MS } from '../gateway-progress.js';
import type { Attempt, AttemptCall, AttemptInterceptor, AttemptResult } from './attempt.js';
import { CLOCK, type Clock } from './clock.js';

/**
 * Chooses the upstream key for each try and keeps per provider+key state in
 * the pool: a key whose rate-limit headers say its window is used up, or that
 * got a 429, rests until the reset; a key refused with 401/402/403 is taken
 * out until its re-check. Before sending, a pool with only resting keys is
 * waited for (briefly) or routed around; one with every key refused fails fast.
 * Logs name key aliases, never keys.
 */
@Injectable()
export class KeyInterceptor implements AttemptInterceptor {
  private readonly logger = new Logger('Keys');

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async intercept<T extends AttemptResult>(attempt: Attempt, next: AttemptCall<T>): Promise<T> {
    const own = attempt.ctx.providerKeys?.[attempt.target.provider.id];
    if (own) {
      // The caller's own provider key (bring-your-own) is used as is; the gateway's pool state is not theirs.
      attempt.key = { key: own, alias: `${attempt.target.provider.id}#own` };
      return next(attempt);
    }
    const pool = attempt.target.provider.keyPool;
    if (!pool) return next(attempt);
    const key = await this.lease(attempt, pool);
    attempt.key = key;
    try {
      const result = await next(attempt);
      this.observe(pool, key, result.rateLimit);
      if (pool.markGood(key.alias)) this.logger.log(`Key ${key.alias} works again after its re-check`);
      return result;
    } catch (error) {
      if (error instanceof UpstreamFailure && !error.skipped) this.failed(attempt, pool, key, error);
      throw error;
    }
  }

  /** A usable key now, or after one short wait for a resting key; otherwise the target is skipped. */
  private async lease(attempt: Attempt, pool: KeyPool): Promise<LeasedKey> {
    const provider = attempt.target.provider.id;
    for (let waited = false; ; waited = true) {
      const key = pool.lease();
      if (key) return key;
      if (pool.allOut()) {
        throw new UpstreamFailure(
          'auth',
          null,
          'no_usable_key',
          `Every API key of provider "${provider}" was refused by the provider and awaits its re-check.`,
          {},
          true,
        );
      }
      const waitMs = Math.max(0, pool.nextAvailableAt() - this.clock.now());
      if (waited || waitMs > attempt.policy.rateLimit.maxWaitMs || waitMs >= attempt.deadline.remainingMs()) {
        throw new UpstreamFailure(
          'rate_limited',
          null,
          'keys_resting',
          `Every API key of provider "${provider}" is rate limited for another ${Math.ceil(waitMs / 1000)} s.`,
          { retryAfterMs: waitMs },
          true,
        );
      }
      if (waitMs >= PROGRESS_MIN_WAIT_MS) {
        attempt.progress({ type: 'waiting', provider, model: attempt.target.model, waitMs, reason: 'rate_limited' });
      }
      await this.clock.sleep(waitMs, attempt.deadline.signal);
    }
  }

  /** A key whose headers say its window is used up rests before it is refused. */
  private observe(pool: KeyPool, key: LeasedKey, rateLimit: RateLimitSnapshot | undefined): void {
    const until = exhaustedUntil(rateLimit, this.clock.now());
    if (until !== undefined) pool.rest(key.alias, until);
  }

  private failed(attempt: Attempt, pool: KeyPool, key: LeasedKey, failure: UpstreamFailure): void {
    const now = this.clock.now();
    this.observe(pool, key, failure.hints.rateLimit);
    if (failure.kind === 'rate_limited') {
      const until =
        (failure.hints.retryAfterMs !== undefined ? now + failure.hints.retryAfterMs : undefined) ??
        exhaustedUntil(failure.hints.rateLimit, now) ??
        now + attempt.policy.rateLimit.defaultRestMs;
      pool.rest(key.alias, until);
    } else if (failure.kind === 'auth' || failure.kind === 'quota') {
      const recheckAt = pool.takeOut(key.alias);
      this.logger.warn(
        `Provider ${attempt.target.provider.id} refused key ${key.alias} (${failure.status ?? '-'} ${failure.code}); ` +
          `it is out until ${new Date(recheckAt).toISOString()}, then re-checked`,
      );
    }
  }
}
