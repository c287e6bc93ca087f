import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, openai, together } from '../fake-upstream/index.js';
import { SINGLE_TRY_DEFAULTS, startGateway, type TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait-for.js';

interface ProviderHealth {
  provider: string;
  status: string;
  errorRate: number | null;
  requests: number;
  keys: { usable: number; total: number } | null;
  circuit: string;
  lastError: { message: string; source: string } | null;
  lastCheck: { ok: boolean; by: string; error: string | null } | null;
}

async function providerHealth(gateway: TestGateway, id: string): Promise<ProviderHealth> {
  const res = await gateway.request('/api/v2/providers/health');
  const body = (await res.json()) as { providers: ProviderHealth[] };
  return body.providers.find((p) => p.provider === id) as ProviderHealth;
}

const UPSTREAM_KEY = 'sk-probe-secret-0123456789';

describe('health: active probes see a provider go down and come back', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let upstreamUp = false;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    // The model list is the probe: 500s (echoing the key, as some vendors do) until the test flips it.
    fake.route('GET', '/v1/models', () =>
      upstreamUp ? openai.models(['gpt-4o']) : openai.error(500, `Internal error for key ${UPSTREAM_KEY}`, 'server_error', 'server_error'),
    );
    gateway = await startGateway({
      env: {
        OPENAI_API_KEY: UPSTREAM_KEY,
        OPENAI_BASE_URL: `${fake.url}/v1`,
        SWITCHYARD_MOCK_PROVIDER: 'off',
        SWITCHYARD_HEALTH_PROBE_INTERVAL_MS: '100',
        SWITCHYARD_HEALTH_PROBE_JITTER_MS: '20',
      },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('reports the provider down with a sanitised error, and readiness fails while nothing can be served', async () => {
    const down = await waitFor(
      async () => {
        const health = await providerHealth(gateway, 'openai');
        return health.status === 'down' ? health : undefined;
      },
      () => 'openai to be reported down',
    );
    expect(down.lastCheck).toMatchObject({ ok: false });
    expect(down.lastError?.source).toBe('probe');
    expect(down.lastError?.message).toContain('Internal error for key [redacted]');
    expect(JSON.stringify(down)).not.toContain(UPSTREAM_KEY);
    expect(down.keys).toEqual({ usable: 1, total: 1 });
    expect(down.circuit).toBe('closed');

    const ready = await gateway.request('/health/ready', { key: null });
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; details: Record<string, { status: string; down?: string[] }> };
    expect(body.status).toBe('error');
    expect(body.details.database.status).toBe('up');
    expect(body.details.providers).toMatchObject({ status: 'down', down: ['openai'] });
    expect(JSON.stringify(body)).not.toContain(UPSTREAM_KEY);
  });

  it('reports it up again once the upstream recovers, and readiness passes', async () => {
    upstreamUp = true;
    const up = await waitFor(
      async () => {
        const health = await providerHealth(gateway, 'openai');
        return health.status === 'up' ? health : undefined;
      },
      () => 'openai to be reported up again',
    );
    expect(up.lastCheck).toMatchObject({ ok: true });
    const ready = await gateway.request('/health/ready', { key: null });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { providers: { status: 'up', servable: ['openai'] } } });
    expect(fake.unscripted).toEqual([]);
    expect(gateway.output()).not.toContain(UPSTREAM_KEY);
  });
});

describe('health: passive from real traffic, liveness, and the provider listings', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  const model = 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo';

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: { TOGETHER_API_KEY: 'tg-passive-secret-1', TOGETHER_BASE_URL: `${fake.url}/v1` },
      // One try per request: three requests must mean three upstream failures.
      yaml: `${SINGLE_TRY_DEFAULTS}prices:\n  together/meta-llama/Llama-3.3-70B-Instruct-Turbo: { input: 0.88, output: 0.88 }\n`,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('answers liveness and readiness without a key, and provider health only with one', async () => {
    const live = await gateway.request('/health/live', { key: null });
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok', details: { process: { status: 'up' } } });
    const ready = await gateway.request('/health/ready', { key: null });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, providers: { status: 'up' } } });
    expect((await gateway.request('/api/v2/providers/health', { key: null })).status).toBe(401);
    const { key } = await gateway.mintKey();
    expect((await gateway.request('/api/v2/providers/health', { key })).status).toBe(200);
  });

  it('marks a provider down after three failed requests, and degraded (not fatal) once it answers again', async () => {
    fake.script(
      'POST',
      '/v1/chat/completions',
      ...Array.from({ length: 3 }, () => together.error(503, 'overloaded', 'service_unavailable', 'server_error')),
      together.chatCompletion({ content: 'ok' }),
    );
    for (let i = 0; i < 3; i++) {
      const res = await gateway.request('/v1/chat/completions', {
        method: 'POST',
        json: { model, messages: [{ role: 'user', content: 'hi' }] },
      });
      expect(res.status).toBe(502);
    }
    const down = await providerHealth(gateway, 'together');
    expect(down).toMatchObject({ status: 'down', errorRate: 1, requests: 3, lastError: { source: 'traffic' } });

    const ready = await gateway.request('/health/ready', { key: null });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'degraded',
      details: { providers: { status: 'degraded', down: ['together'], servable: ['mock'] } },
    });

    const ok = await gateway.request('/v1/chat/completions', {
      method: 'POST',
      json: { model, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(ok.status).toBe(200);
    expect(await providerHealth(gateway, 'together')).toMatchObject({ status: 'degraded', errorRate: 0.75, requests: 4 });
    expect(fake.unscripted).toEqual([]);
  });

  it('lists the providers of a type with features, costs and status', async () => {
    const res = await gateway.request('/api/v2/providers/text');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: string; data: Array<Record<string, unknown>> };
    expect(body.type).toBe('text');
    const listed = body.data.find((p) => p.id === 'together');
    expect(listed).toMatchObject({
      enabled: true,
      features: expect.arrayContaining(['chat', 'streaming', 'model_list']),
      costs: {
        models: [{ model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', inputPerMTokUsd: 0.88, outputPerMTokUsd: 0.88, source: 'config' }],
      },
    });
    expect(body.data.find((p) => p.id === 'openai')).toMatchObject({ enabled: false, status: 'disabled' });
    expect((await gateway.request('/api/v2/providers/video')).status).toBe(200);
    const unknown = await gateway.request('/api/v2/providers/holograms');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found', param: 'type' } });
  });

  it('documents the health, provider and metrics routes in OpenAPI', async () => {
    const doc = (await (await gateway.request('/docs-json', { key: null })).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const path of ['/health/live', '/health/ready', '/api/v2/providers/health', '/api/v2/providers/{type}', '/metrics']) {
      expect(doc.paths[path]?.get).toBeDefined();
    }
    expect(doc.paths['/api/v2/providers/health'].get).toMatchObject({
      responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/ProvidersHealthDto' } } } } },
    });
  });
});
