import { Inject, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Principal } from '../../keys/principal.js';
import { rpmExceeded, throttlerKey } from './key-throttler.guard.js';
import { allowance } from './limit-allowance.js';

/** @nestjs/throttler's name for a throttler configured without one (LimitsModule configures one). */
const THROTTLER_NAME = 'default';

/**
 * The per-key request limit (`rpm`) for what the HTTP guard does not see: a
 * GraphQL operation, or a subscription as it starts. It counts on the same
 * throttler storage and key as KeyThrottlerGuard, so REST and GraphQL calls
 * of a key share one allowance.
 */
@Injectable()
export class KeyRequestLimiter {
  private readonly windowSeconds: number;

  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.windowSeconds = config.accounting.limitWindowSeconds;
  }

  /** Throws `rate_limited` (with retryAfterS) when the key is over its limit; keys without rpm and the admin key pass. */
  async consume(principal: Principal): Promise<void> {
    if (principal.kind !== 'key' || !principal.key.rpm) return;
    const ttlMs = this.windowSeconds * 1000;
    const limit = allowance(principal.key.rpm, this.windowSeconds);
    const record = await this.storage.increment(throttlerKey(THROTTLER_NAME, principal.key.id), ttlMs, limit, ttlMs, THROTTLER_NAME);
    if (record.isBlocked) throw rpmExceeded(principal.key.rpm, record.timeToBlockExpire);
  }
}
