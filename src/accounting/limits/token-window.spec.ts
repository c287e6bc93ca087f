import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { allowance } from './limit-allowance.js';
import { MemoryTokenWindow, RedisTokenWindow } from './token-window.js';

describe('limit windows', () => {
  let redis: Redis;
  const prefix = `sy-test-${randomBytes(6).toString('hex')}:`;

  beforeAll(() => {
    redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('scales per-minute limits to the window', () => {
    expect(allowance(60, 60)).toBe(60);
    expect(allowance(120, 1)).toBe(2);
    expect(allowance(1, 1)).toBe(1);
  });

  it('counts tokens in memory until the window ends', async () => {
    let now = 1_000;
    const window = new MemoryTokenWindow(() => now);
    await window.add('k', 40, 1_000);
    await window.add('k', 30, 1_000);
    now = 1_400;
    expect(await window.read('k', 1_000)).toEqual({ tokens: 70, resetInMs: 600 });
    now = 2_000;
    expect(await window.read('k', 1_000)).toEqual({ tokens: 0, resetInMs: 1_000 });
    await window.add('k', 5, 1_000);
    expect((await window.read('k', 1_000)).tokens).toBe(5);
  });

  it('counts tokens in Redis with an expiry on every window', async () => {
    const window = new RedisTokenWindow(redis, prefix);
    expect(await window.read('k', 5_000)).toEqual({ tokens: 0, resetInMs: 5_000 });
    await window.add('k', 40, 5_000);
    await window.add('k', 30, 5_000);
    const state = await window.read('k', 5_000);
    expect(state.tokens).toBe(70);
    expect(state.resetInMs).toBeGreaterThan(0);
    expect(state.resetInMs).toBeLessThanOrEqual(5_000);
    expect(await redis.pttl(`${prefix}k`)).toBeGreaterThan(0);
  });

  it('throttles requests in Redis and blocks past the limit', async () => {
    const storage = new RedisThrottlerStorage(redis, prefix);
    const first = await storage.increment('key-1', 60_000, 2, 60_000, 'rpm');
    const second = await storage.increment('key-1', 60_000, 2, 60_000, 'rpm');
    const third = await storage.increment('key-1', 60_000, 2, 60_000, 'rpm');
    const fourth = await storage.increment('key-1', 60_000, 2, 60_000, 'rpm');
    expect([first.totalHits, first.isBlocked, second.totalHits, second.isBlocked]).toEqual([1, false, 2, false]);
    expect(third).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 60 });
    expect(fourth.isBlocked).toBe(true);
    expect((await storage.increment('key-2', 60_000, 2, 60_000, 'rpm')).isBlocked).toBe(false);
  });
});

describe('request limits when Redis is unreachable', () => {
  it('let requests pass rather than fail them', async () => {
    const down = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    const storage = new RedisThrottlerStorage(down, 'sy-test-down:');
    expect(await storage.increment('key', 60_000, 1, 60_000, 'rpm')).toMatchObject({ isBlocked: false, totalHits: 0 });
    down.disconnect();
  });
});
