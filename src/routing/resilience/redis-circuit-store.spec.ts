import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CircuitPolicy } from '../../config/resilience-config.js';
import type { Clock } from './clock.js';
import { RedisCircuitStore } from './redis-circuit-store.js';

const policy: CircuitPolicy = { failureThreshold: 2, windowMs: 10_000, cooldownMs: 5000, halfOpenProbes: 1 };

/** Resolves once `check` holds: pub/sub messages between instances take a moment. */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

/** Two instances sharing the local Redis (CI starts it) and one fake clock, so cooldowns pass without waiting. */
describe('RedisCircuitStore', () => {
  const prefix = `sy-unit-${randomBytes(6).toString('hex')}:`;
  const clock = { t: Date.now() };
  const fakeClock: Clock = { now: () => clock.t, sleep: async () => undefined };
  const connections: Redis[] = [];
  let a: RedisCircuitStore;
  let b: RedisCircuitStore;

  beforeAll(async () => {
    const connect = (): Redis => {
      const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
      connections.push(redis);
      return redis;
    };
    a = new RedisCircuitStore(connect(), prefix, fakeClock);
    b = new RedisCircuitStore(connect(), prefix, fakeClock);
    const subscribers = [connect(), connect()];
    a.start(subscribers[0]);
    b.start(subscribers[1]);
    await Promise.all(subscribers.map((subscriber) => new Promise((resolve) => subscriber.once('ready', resolve))));
    // Subscriptions are sent on "ready"; a ping after them returns once they are in place.
    await Promise.all(subscribers.map((subscriber) => subscriber.ping()));
  });

  afterAll(async () => {
    const [first] = connections;
    const keys = await first.keys(`${prefix}*`);
    if (keys.length > 0) await first.del(...keys);
    await Promise.all(connections.map((c) => c.quit()));
  });

  it('counts failures from every instance toward one threshold and shares the open circuit', async () => {
    expect((await a.admit('p/m', policy)).admission).toBe('closed');
    await a.failure('p/m', 'closed', policy);
    expect((await b.admit('p/m', policy)).admission).toBe('closed');
    await b.failure('p/m', 'closed', policy);
    expect(b.isOpen('p/m')).toBe(true);
    await eventually(() => a.isOpen('p/m'));
    expect(await a.admit('p/m', policy)).toEqual({ admission: 'open', openUntil: clock.t + 5000 });
  });

  it('lets exactly one instance probe after the cooldown, and a good probe closes it for all', async () => {
    clock.t += 5000;
    const first = await a.admit('p/m', policy);
    const second = await b.admit('p/m', policy);
    expect([first.admission, second.admission].sort()).toEqual(['open', 'probe']);
    const [prober, other] = first.admission === 'probe' ? [a, b] : [b, a];
    await prober.success('p/m', 'probe');
    expect((await prober.admit('p/m', policy)).admission).toBe('closed');
    expect((await other.admit('p/m', policy)).admission).toBe('closed');
    expect(other.isOpen('p/m')).toBe(false);
  });

  it('reopens for a new cooldown when the probe fails', async () => {
    await a.failure('p/x', 'closed', policy);
    await a.failure('p/x', 'closed', policy);
    await eventually(() => b.isOpen('p/x'));
    clock.t += 5000;
    expect((await b.admit('p/x', policy)).admission).toBe('probe');
    await b.failure('p/x', 'probe', policy);
    await eventually(() => a.isOpen('p/x'));
    expect(await a.admit('p/x', policy)).toEqual({ admission: 'open', openUntil: clock.t + 5000 });
  });
});
