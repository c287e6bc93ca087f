import type { Redis } from 'ioredis';
import type { ProbeResult } from './provider-health.types.js';

/**
 * Decides which instance probes. Alone, an instance always probes; sharing a
 * Redis, one instance at a time holds a lock, probes, and shares the results.
 */
export interface ProbeCoordinator {
  /** Whether this instance should probe now. */
  acquire(): Promise<boolean>;
  /** After probing: publishes the results and keeps others off until one interval after `startedAt`. */
  finish(results: ProbeResult[], startedAt: number): Promise<void>;
  /** Results the probing instance published (empty when alone). */
  shared(): Promise<ProbeResult[]>;
  /** Gives the lock up (shutdown). */
  release(): Promise<void>;
}

export const PROBE_COORDINATOR = Symbol('PROBE_COORDINATOR');

export class LocalProbeCoordinator implements ProbeCoordinator {
  async acquire(): Promise<boolean> {
    return true;
  }

  async finish(): Promise<void> {}

  async shared(): Promise<ProbeResult[]> {
    return [];
  }

  async release(): Promise<void> {}
}

// Touches the lock only while this instance still owns it (compare-and-set on its id).
const KEEP_OR_DROP = `
if redis.call('get', KEYS[1]) == ARGV[1] then
  if tonumber(ARGV[2]) > 0 then return redis.call('pexpire', KEYS[1], ARGV[2]) end
  return redis.call('del', KEYS[1])
end
return 0`;

export interface RedisProbeSettings {
  prefix: string;
  instanceId: string;
  intervalMs: number;
  timeoutMs: number;
}

/** A Redis lock with a TTL (SET NX PX) that outlives a probe run, then the rest of the interval. */
export class RedisProbeCoordinator implements ProbeCoordinator {
  private readonly lockKey: string;
  private readonly resultsKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly settings: RedisProbeSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.lockKey = `${settings.prefix}health:probe-lock`;
    this.resultsKey = `${settings.prefix}health:probes`;
  }

  async acquire(): Promise<boolean> {
    // The lock must outlast a whole run: every probe is bounded by timeoutMs.
    const ttlMs = this.settings.timeoutMs + 5_000;
    return (await this.redis.set(this.lockKey, this.settings.instanceId, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async finish(results: ProbeResult[], startedAt: number): Promise<void> {
    if (results.length > 0) {
      const fields = results.flatMap((result) => [result.provider, JSON.stringify(result)]);
      await this.redis
        .multi()
        .hset(this.resultsKey, ...fields)
        .pexpire(this.resultsKey, Math.max(this.settings.intervalMs * 10, 60_000))
        .exec();
    }
    const rest = startedAt + this.settings.intervalMs - this.now();
    await this.redis.eval(KEEP_OR_DROP, 1, this.lockKey, this.settings.instanceId, String(Math.max(0, Math.ceil(rest))));
  }

  async shared(): Promise<ProbeResult[]> {
    const all = await this.redis.hgetall(this.resultsKey);
    return Object.values(all).map((raw) => JSON.parse(raw) as ProbeResult);
  }

  async release(): Promise<void> {
    await this.redis.eval(KEEP_OR_DROP, 1, this.lockKey, this.settings.instanceId, '0');
  }
}
