import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { dropRedisPrefix, testRedis, uniqueRedisPrefix } from '../../test/support/redis.js';
import { LocalProbeCoordinator, RedisProbeCoordinator } from './probe-coordinator.js';

describe('RedisProbeCoordinator (local Redis)', () => {
  let redis: Redis;
  const prefix = uniqueRedisPrefix();
  const settings = (instanceId: string): ConstructorParameters<typeof RedisProbeCoordinator>[1] => ({
    prefix,
    instanceId,
    intervalMs: 60_000,
    timeoutMs: 1_000,
  });

  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(async () => {
    await dropRedisPrefix(redis, prefix);
    redis.disconnect();
  });

  it('lets one instance probe at a time, keeps the lock for the rest of the interval, and shares results', async () => {
    const a = new RedisProbeCoordinator(redis, settings('a'));
    const b = new RedisProbeCoordinator(redis, settings('b'));
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);

    const result = { provider: 'together', ok: false, at: Date.now(), latencyMs: 3, by: 'a', code: 'server', message: 'down' };
    await a.finish([result], Date.now());
    expect(await b.acquire()).toBe(false);
    const ttl = await redis.pttl(`${prefix}health:probe-lock`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(await b.shared()).toEqual([result]);

    await a.release();
    expect(await b.acquire()).toBe(true);
  });

  it('never releases or extends a lock another instance holds', async () => {
    const a = new RedisProbeCoordinator(redis, settings('a'));
    const b = new RedisProbeCoordinator(redis, settings('b'));
    await redis.del(`${prefix}health:probe-lock`);
    expect(await b.acquire()).toBe(true);
    await a.release();
    await a.finish([], 0);
    expect(await redis.get(`${prefix}health:probe-lock`)).toBe('b');
  });

  it('drops the lock at once when a run outlasted the interval', async () => {
    const a = new RedisProbeCoordinator(redis, { ...settings('a'), intervalMs: 10 });
    await redis.del(`${prefix}health:probe-lock`);
    expect(await a.acquire()).toBe(true);
    await a.finish([], Date.now() - 1_000);
    expect(await redis.exists(`${prefix}health:probe-lock`)).toBe(0);
  });
});

describe('LocalProbeCoordinator', () => {
  it('always probes and shares nothing', async () => {
    const local = new LocalProbeCoordinator();
    expect(await local.acquire()).toBe(true);
    expect(await local.acquire()).toBe(true);
    expect(await local.shared()).toEqual([]);
  });
});
