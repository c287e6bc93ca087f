import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

// A fixed window per key: the first hit starts it; once over the limit the key is
// blocked for blockDuration (its own key), and the hits reset when that ends.
const INCREMENT = `local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]), 1, blocked}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {hits, ARGV[3], 1, ARGV[3]}
end
return {hits, ttl, 0, 0}`;

const WARN_EVERY_MS = 10_000;

/**
 * @nestjs/throttler storage on ioredis, so request limits hold across
 * instances (@nest-lab/throttler-storage-redis does not support Nest 12).
 * When Redis cannot be reached requests pass (a limit is not worth an
 * outage; credits stay enforced by the database), with a warning.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RedisThrottlerStorage');
  private warnedAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'switchyard:rpm:',
  ) {}

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}${throttlerName}:${key}`;
    let result: unknown;
    try {
      result = await this.redis.eval(INCREMENT, 2, base, `${base}:blocked`, ttlMs, limit, blockDurationMs);
    } catch (error) {
      if (Date.now() - this.warnedAt > WARN_EVERY_MS) {
        this.warnedAt = Date.now();
        this.logger.warn(`Request limits are not enforced while Redis fails: ${(error as Error).message}`);
      }
      return { totalHits: 0, timeToExpire: Math.ceil(ttlMs / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
    const [hits, ttl, blocked, blockTtl] = result as [number, number | string, number, number | string];
    return {
      totalHits: Number(hits),
      timeToExpire: Math.max(0, Math.ceil(Number(ttl) / 1000)),
      isBlocked: Number(blocked) === 1,
      timeToBlockExpire: Math.max(0, Math.ceil(Number(blockTtl) / 1000)),
    };
  }
}
