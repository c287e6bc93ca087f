import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The machine's Redis; override with TEST_REDIS_URL. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run uses, so runs sharing the Redis never see each other's keys. */
export function uniqueRedisPrefix(): string {
  return `sy-test-${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under the prefix (end of a spec). */
export async function dropRedisPrefix(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}

export function testRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
}
