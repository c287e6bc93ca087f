import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './load-config.js';

const load = (env: Record<string, string>): ReturnType<typeof loadConfig> => loadConfig(env, '/nonexistent/.env');

describe('operations settings', () => {
  it('has defaults for probes, shutdown, Redis prefix, log format and instance id', () => {
    const config = load({});
    expect(config.health).toEqual({ probeIntervalMs: 60_000, probeJitterMs: 5_000, probeTimeoutMs: 10_000 });
    expect(config.shutdownTimeoutMs).toBe(30_000);
    expect(config.redisPrefix).toBe('switchyard:');
    expect(config.logFormat).toBe('auto');
    expect(config.instanceId).toMatch(/-\d+$/);
  });

  it('reads them from the environment', () => {
    const config = load({
      SWITCHYARD_HEALTH_PROBE_INTERVAL_MS: '0',
      SWITCHYARD_SHUTDOWN_TIMEOUT_MS: '5000',
      SWITCHYARD_REDIS_PREFIX: 'prod-eu:',
      SWITCHYARD_INSTANCE_ID: 'gw-1',
      SWITCHYARD_LOG_FORMAT: 'json',
    });
    expect(config.health.probeIntervalMs).toBe(0);
    expect(config).toMatchObject({ shutdownTimeoutMs: 5000, redisPrefix: 'prod-eu:', instanceId: 'gw-1', logFormat: 'json' });
  });

  it('names the variable when a value is bad', () => {
    expect(() => load({ SWITCHYARD_HEALTH_PROBE_INTERVAL_MS: '10' })).toThrow(
      /SWITCHYARD_HEALTH_PROBE_INTERVAL_MS must be 0 \(off\) or at least 50/,
    );
    expect(() => load({ SWITCHYARD_SHUTDOWN_TIMEOUT_MS: '-1' })).toThrow(/SWITCHYARD_SHUTDOWN_TIMEOUT_MS/);
    expect(() => load({ SWITCHYARD_REDIS_PREFIX: 'has space' })).toThrow(/SWITCHYARD_REDIS_PREFIX/);
    expect(() => load({ SWITCHYARD_LOG_FORMAT: 'xml' })).toThrow(/SWITCHYARD_LOG_FORMAT/);
  });

  it('collects every secret value for log redaction', () => {
    const config = load({
      OPENAI_API_KEY: 'sk-one-111111, sk-two-222222',
      VLLM_API_KEY: 'local-key-333',
      SWITCHYARD_ADMIN_KEY: 'admin-key-0123456789',
      DATABASE_URL: 'postgres://app:db%40pass-44@db:5432/switchyard',
      REDIS_URL: 'redis://:redis-pass-55@redis:6379',
    });
    expect([...config.secrets].sort()).toEqual(
      ['admin-key-0123456789', 'db@pass-44', 'local-key-333', 'redis-pass-55', 'sk-one-111111', 'sk-two-222222'].sort(),
    );
  });
});
