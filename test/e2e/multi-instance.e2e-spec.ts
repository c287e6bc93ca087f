import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeUpstream, openai, together } from '../fake-upstream/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { metricValue, parseMetrics } from '../support/metrics.js';
import { TEST_REDIS_URL, dropRedisPrefix, testRedis, uniqueRedisPrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

interface LastCheck {
  ok: boolean;
  by: string;
}

describe('two instances on one PostgreSQL and one Redis', () => {
  let listFake: FakeUpstream;
  let probeFake: FakeUpstream;
  let a: TestGateway;
  let b: TestGateway;
  const prefix = uniqueRedisPrefix();
  let probesInFlight = 0;
  let maxProbesInFlight = 0;

  const env = (instance: string): Record<string, string> => ({
    REDIS_URL: TEST_REDIS_URL,
    SWITCHYARD_REDIS_PREFIX: prefix,
    SWITCHYARD_INSTANCE_ID: instance,
    TOGETHER_API_KEY: 'tg-multi-1',
    TOGETHER_BASE_URL: `${listFake.url}/v1`,
    OPENAI_API_KEY: 'sk-multi-probe-1',
    OPENAI_BASE_URL: `${probeFake.url}/v1`,
    SWITCHYARD_HEALTH_PROBE_INTERVAL_MS: '100',
    SWITCHYARD_HEALTH_PROBE_JITTER_MS: '30',
  });

  beforeAll(async () => {
    listFake = await FakeUpstream.start();
    probeFake = await FakeUpstream.start();
    listFake.route('GET', '/v1/models', () => together.models([{ id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', input: 0.88 }]));
    // Each probe takes longer than the probe interval: without the lock, the instances' probes would overlap.
    probeFake.route('GET', '/v1/models', async () => {
      probesInFlight++;
      maxProbesInFlight = Math.max(maxProbesInFlight, probesInFlight);
      await sleep(150);
      probesInFlight--;
      return openai.models(['gpt-4o']);
    });
    a = await startGateway({ database: 'postgres', env: env('gw-a') });
    b = await startGateway({ databaseUrl: a.databaseUrl, env: env('gw-b') });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await listFake?.close();
    await probeFake?.close();
    const redis = testRedis();
    await dropRedisPrefix(redis, prefix);
    redis.disconnect();
  });

  it('both are ready with the database and Redis up, and a key minted on one works on the other', async () => {
    for (const gateway of [a, b]) {
      const ready = await gateway.request('/health/ready', { key: null });
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ details: { database: { status: 'up', type: 'postgres' }, redis: { status: 'up' } } });
    }
    const { key } = await a.mintKey();
    const res = await b.request('/v1/chat/completions', {
      method: 'POST',
      key,
      json: { model: 'mock/echo', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(res.status).toBe(200);
  });

  it('shares model lists: a list A fetched is served by B without B calling the upstream', async () => {
    const fromA = (await (await a.request('/v1/models/together/meta-llama/Llama-3.3-70B-Instruct-Turbo')).json()) as { id: string };
    const fromB = (await (await b.request('/v1/models/together/meta-llama/Llama-3.3-70B-Instruct-Turbo')).json()) as { id: string };
    expect(fromA.id).toBe('together/meta-llama/Llama-3.3-70B-Instruct-Turbo');
    expect(fromB).toEqual(fromA);
    const lookups = async (gateway: TestGateway, result: string): Promise<number> =>
      metricValue(parseMetrics(await (await gateway.request('/metrics', { key: null })).text()), 'switchyard_model_list_cache_total', {
        provider: 'together',
        result,
      });
    expect(await lookups(a, 'miss')).toBe(1);
    expect(await lookups(b, 'shared')).toBe(1);
    expect(await lookups(b, 'miss')).toBe(0);
  });

  it('probes from one instance at a time, and both see the results', async () => {
    // Counted from now: instance A probes from its own start-up, and under load it can make
    // eight probes before instance B has run its first tick.
    const before = probeFake.requestsTo('/v1/models').length;
    await waitFor(
      async () => (probeFake.requestsTo('/v1/models').length >= before + 8 ? true : undefined),
      () => `8 probes, got ${probeFake.requestsTo('/v1/models').length - before}`,
      20_000,
    );
    expect(maxProbesInFlight).toBe(1);
    for (const gateway of [a, b]) {
      const body = (await (await gateway.request('/api/v2/providers/health')).json()) as {
        instance: string;
        providers: Array<{ provider: string; status: string; lastCheck: LastCheck | null }>;
      };
      const probed = body.providers.find((p) => p.provider === 'openai');
      expect(probed?.status).toBe('up');
      expect(probed?.lastCheck?.ok).toBe(true);
      expect(['gw-a', 'gw-b']).toContain(probed?.lastCheck?.by);
    }
    expect(probeFake.unscripted).toEqual([]);
  });
});
