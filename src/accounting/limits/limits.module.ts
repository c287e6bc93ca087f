import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../redis/redis.service.js';
import { KeyRequestLimiter } from './key-request-limiter.service.js';
import { KeyThrottlerGuard, requestKey } from './key-throttler.guard.js';
import { allowance } from './limit-allowance.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { TokenLimitService } from './token-limit.service.js';

/**
 * Per-key limits: requests through @nestjs/throttler as a global guard (it
 * must come after the AuthGuard, so this module is imported after KeysModule),
 * tokens through TokenLimitService. Both use Redis when REDIS_URL is set.
 * KeyRequestLimiter applies the same request limit to GraphQL.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, RedisService],
      useFactory: (config: AppConfig, redis: RedisService): ThrottlerModuleOptions => {
        const windowSeconds = config.accounting.limitWindowSeconds;
        return {
          throttlers: [
            {
              ttl: windowSeconds * 1000,
              limit: (context) => allowance(requestKey(context)?.rpm ?? 1, windowSeconds),
            },
          ],
          storage: redis.client ? new RedisThrottlerStorage(redis.client) : undefined,
        };
      },
    }),
  ],
  providers: [TokenLimitService, KeyRequestLimiter, { provide: APP_GUARD, useClass: KeyThrottlerGuard }],
  exports: [TokenLimitService, KeyRequestLimiter],
})
export class LimitsModule {}
