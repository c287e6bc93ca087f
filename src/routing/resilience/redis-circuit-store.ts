import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { CircuitPolicy } from '../../config/resilience-config.js';
import type { Admission } from './circuit-state.js';
import { worstState, type CircuitStore, type ProviderCircuitState } from './circuit-store.js';
import type { Clock } from './clock.js';

interface Mirror {
  openUntil: number;
  syncedAt: number;
}

/** A mirror older than this is refreshed behind the request that reads it. */
const SYNC_MS = 1000;
/** How long a request waits for Redis on a circuit this instance has never seen. */
const FIRST_READ_TIMEOUT_MS = 500;
/** Mirrored circuits kept at most; the oldest go first (model names come from requests). */
const MAX_MIRRORED = 10_000;

// Counts a failure in the sliding window; opens the circuit when the threshold is crossed. Returns openUntil or 0.
const FAILURE_SCRIPT = `
local openUntil = tonumber(redis.call('GET', KEYS[1]) or '0')
if openUntil > 0 then return openUntil end
local now = tonumber(ARGV[1])
redis.call('ZADD', KEYS[2], now, ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[2], ARGV[2])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  local untilMs = now + tonumber(ARGV[4])
  redis.call('SET', KEYS[1], untilMs, 'PX', ARGV[6])
  redis.call('DEL', KEYS[2])
  return untilMs
end
return 0`;

// Half-open: takes a probe slot if the circuit is still open and a slot is free. Returns 1 probe, 0 refused, -1 closed meanwhile.
const PROBE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local probes = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
if probes > tonumber(ARGV[1]) then return 0 end
return 1`;

/**
 * Circuits shared by every instance through Redis. Failures are counted in a
 * sorted set per circuit; an open circuit is a key holding its reopen time;
 * probe slots are a counter. Each instance mirrors open circuits in memory
 * (kept fresh by pub/sub and periodic reads), so a request through a healthy
 * circuit costs no Redis round trip.
 */
export class RedisCircuitStore implements CircuitStore {
  private readonly logger = new Logger('Circuits');
  private readonly mirror = new Map<string, Mirror>();
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly clock: Clock,
  ) {
    this.channel = `${prefix}circuit`;
  }

  /**
   * Listens for circuits other instances open or close, (re)subscribing whenever
   * the connection is ready, so a Redis that is down at boot delays nothing.
   */
  start(subscriber: Redis): void {
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        const { key, openUntil } = JSON.parse(message) as { key: string; openUntil: number };
        this.remember(key, { openUntil, syncedAt: this.clock.now() });
      } catch {
        this.logger.warn(`Ignored a malformed circuit message on ${channel}`);
      }
    });
    subscriber.on('ready', () => {
      subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(`Circuit channel subscription failed: ${error.message}`));
    });
  }

  async admit(key: string, policy: CircuitPolicy): Promise<{ admission: Admission; openUntil: number }> {
    const known = this.mirror.get(key);
    const now = this.clock.now();
    const state = known ?? (await this.firstRead(key));
    if (known && now - known.syncedAt > SYNC_MS) void this.refresh(key);
    if (state.openUntil === 0) return { admission: 'closed', openUntil: 0 };
    if (now < state.openUntil) return { admission: 'open', openUntil: state.openUntil };
    const probe = await this.run(
      () => this.redis.eval(PROBE_SCRIPT, 2, this.openKey(key), this.probesKey(key), policy.halfOpenProbes, policy.cooldownMs),
      -1,
    );
    if (probe === -1) {
      this.remember(key, { openUntil: 0, syncedAt: now });
      return { admission: 'closed', openUntil: 0 };
    }
    return { admission: probe === 1 ? 'probe' : 'open', openUntil: state.openUntil };
  }

  async success(key: string, admission: Admission): Promise<void> {
    if (admission !== 'probe') return;
    await this.run(() => this.redis.del(this.openKey(key), this.failsKey(key), this.probesKey(key)), 0);
    await this.announce(key, 0);
    this.logger.log(`Circuit ${key} closed: the probe succeeded`);
  }

  async failure(key: string, admission: Admission, policy: CircuitPolicy): Promise<void> {
    const now = this.clock.now();
    const ttlMs = policy.cooldownMs * 2 + 60_000;
    let openUntil: number;
    if (admission === 'probe') {
      openUntil = now + policy.cooldownMs;
      await this.run(() => this.redis.multi().set(this.openKey(key), openUntil, 'PX', ttlMs).del(this.probesKey(key)).exec(), null);
    } else {
      const member = `${now}-${Math.random().toString(36).slice(2)}`;
      const keys = [this.openKey(key), this.failsKey(key)];
      const args = [now, policy.windowMs, policy.failureThreshold, policy.cooldownMs, member, ttlMs];
      openUntil = Number(await this.run(() => this.redis.eval(FAILURE_SCRIPT, 2, ...keys, ...args), 0));
      if (openUntil === 0 || openUntil === this.mirror.get(key)?.openUntil) return;
    }
    await this.announce(key, openUntil);
    this.logger.warn(`Circuit ${key} opened until ${new Date(openUntil).toISOString()}`);
  }

  async neutral(key: string, admission: Admission): Promise<void> {
    if (admission === 'probe') await this.run(() => this.redis.decr(this.probesKey(key)), 0);
  }

  providerState(providerId: string): ProviderCircuitState | undefined {
    const prefix = `${providerId}/`;
    const openUntils = [...this.mirror].filter(([key]) => key.startsWith(prefix)).map(([, state]) => state.openUntil);
    return worstState(openUntils, this.clock.now());
  }

  isOpen(key: string): boolean {
    const state = this.mirror.get(key);
    return state !== undefined && this.clock.now() < state.openUntil;
  }

  private async announce(key: string, openUntil: number): Promise<void> {
    this.remember(key, { openUntil, syncedAt: this.clock.now() });
    await this.run(() => this.redis.publish(this.channel, JSON.stringify({ key, openUntil })), 0);
  }

  private async firstRead(key: string): Promise<Mirror> {
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), FIRST_READ_TIMEOUT_MS).unref());
    return (await Promise.race([this.refresh(key), timeout])) ?? { openUntil: 0, syncedAt: 0 };
  }

  private async refresh(key: string): Promise<Mirror> {
    const raw = await this.run(() => this.redis.get(this.openKey(key)), null);
    const state = { openUntil: Number(raw ?? 0), syncedAt: this.clock.now() };
    this.remember(key, state);
    return state;
  }

  private remember(key: string, state: Mirror): void {
    this.mirror.delete(key);
    this.mirror.set(key, state);
    if (this.mirror.size > MAX_MIRRORED) this.mirror.delete(this.mirror.keys().next().value as string);
  }

  /** Redis trouble never fails a request: the circuit acts as closed and the problem is logged. */
  private async run<T>(command: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await command();
    } catch (error) {
      this.logger.warn(`Circuit state in Redis unavailable: ${(error as Error).message}`);
      return fallback;
    }
  }

  private openKey(key: string): string {
    return `${this.prefix}circuit:${key}:open`;
  }

  private failsKey(key: string): string {
    return `${this.prefix}circuit:${key}:fails`;
  }

  private probesKey(key: string): string {
    return `${this.prefix}circuit:${key}:probes`;
  }
}
