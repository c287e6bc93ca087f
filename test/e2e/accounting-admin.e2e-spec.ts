import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { FakeUpstream, openrouter, together, venice } from '../fake-upstream/index.js';
import { chat, eventually, getKey, ledger, micro, settled, usage, type UsageRecord } from '../support/accounting.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

const YAML = `
routes:
  flaky:
    strategy: failover
    targets: [together/meta-llama/Llama-3.3-70B-Instruct-Turbo, mock/lorem]
prices:
  mock/lorem: { input: 2.5, output: 10 }
  mock/echo: { input: 1, output: 1 }
  together/meta-llama/Llama-3.3-70B-Instruct-Turbo: { input: 1, output: 2 }
`;

type Json = Record<string, unknown>;

describe('admin API: keys, credits, usage and provider keys (SQLite)', () => {
  let fake: FakeUpstream;
  let router: FakeUpstream;
  let gateway: TestGateway;

  const patch = (id: string, json: Json): Promise<Response> => gateway.request(`/admin/keys/${id}`, { method: 'PATCH', json });
  const credits = (id: string, json: Json): Promise<Response> => gateway.request(`/admin/keys/${id}/credits`, { method: 'POST', json });
  const errorOf = async (res: Response): Promise<{ code: string; message: string; param: string | null }> =>
    ((await res.json()) as { error: { code: string; message: string; param: string | null } }).error;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    router = await FakeUpstream.start();
    gateway = await startGateway({
      yaml: YAML,
      env: {
        TOGETHER_API_KEY: 'tg-gateway-key',
        TOGETHER_BASE_URL: `${fake.url}/v1`,
        // Venice has no gateway key: only keys that bring their own can use it.
        VENICE_BASE_URL: `${fake.url}/v1`,
        OPENROUTER_API_KEY: 'or-gateway-key',
        OPENROUTER_BASE_URL: `${router.url}/v1`,
      },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
    await router?.close();
  });

  it('adds and deducts credits, never below zero, each movement on the ledger', async () => {
    const { id } = await gateway.mintKey({ creditsUsd: 1 });
    const added = await credits(id, { amountUsd: 2.5, note: 'invoice 7' });
    expect(added.status).toBe(200);
    expect(((await added.json()) as Json).balanceUsd).toBe(3.5);
    expect(((await (await credits(id, { amountUsd: -0.5 })).json()) as Json).balanceUsd).toBe(3);
    const overdrawn = await credits(id, { amountUsd: -10 });
    expect(overdrawn.status).toBe(400);
    expect((await errorOf(overdrawn)).message).toContain('below zero');
    expect((await credits(id, { amountUsd: 0 })).status).toBe(400);
    expect((await credits(id, { amountUsd: 0.0000001 })).status).toBe(400);
    const entries = await ledger(gateway, id);
    expect(entries.map((e) => [e.kind, e.amountUsd, e.balanceAfterUsd, e.note])).toEqual([
      ['credit', 1, 1, 'opening balance'],
      ['credit', 2.5, 3.5, 'invoice 7'],
      ['credit', -0.5, 3, null],
    ]);
    const unlimited = await gateway.mintKey();
    expect((await credits(unlimited.id, { amountUsd: 1 })).status).toBe(400);
    expect((await credits('no-such-key', { amountUsd: 1 })).status).toBe(404);
  });

  it('patches scopes and limits: omitted fields stay, null clears', async () => {
    const { key, id } = await gateway.mintKey({ rpm: 100, ownerTeam: 'search' });
    const res = await patch(id, { name: 'renamed', allowedModels: ['mock/*'], tpm: 5000, ownerProject: 'p1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: 'renamed',
      allowedModels: ['mock/*'],
      rpm: 100,
      tpm: 5000,
      ownerTeam: 'search',
      ownerProject: 'p1',
    });
    const forbidden = await chat(gateway, key, { model: 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo' });
    expect(forbidden.status).toBe(403);
    expect((await errorOf(forbidden)).message).toContain('limited to models mock/*');
    expect((await chat(gateway, key, { model: 'mock/echo' })).status).toBe(200);

    const cleared = (await (await patch(id, { allowedModels: null, rpm: null })).json()) as Json;
    expect(cleared).toMatchObject({ allowedModels: null, rpm: null, tpm: 5000, name: 'renamed' });
    expect((await patch(id, { rpm: 0 })).status).toBe(400);
    expect((await patch(id, { name: null })).status).toBe(400);
    expect((await patch('no-such-key', { rpm: 1 })).status).toBe(404);
  });

  it('filters a failover route down to the providers a key may use', async () => {
    const { key } = await gateway.mintKey({ allowedProviders: ['mock'] });
    const before = fake.requests.length;
    const res = await chat(gateway, key, { model: 'flaky', max_tokens: 3 });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-provider')).toBe('mock');
    expect(res.headers.get('x-switchyard-attempts')).toBe('1');
    expect(fake.requests.length).toBe(before);
  });

  it('refuses an expired key', async () => {
    const past = await gateway.mintKey({ expiresAt: '2020-01-01T00:00:00Z' });
    const expired = await chat(gateway, past.key, { model: 'mock/echo' });
    expect(expired.status).toBe(401);
    expect((await errorOf(expired)).message).toContain('expired');
    const { key, id } = await gateway.mintKey();
    expect((await chat(gateway, key, { model: 'mock/echo' })).status).toBe(200);
    await patch(id, { expiresAt: '2020-01-01T00:00:00Z' });
    expect((await chat(gateway, key, { model: 'mock/echo' })).status).toBe(401);
    await patch(id, { expiresAt: null });
    expect((await chat(gateway, key, { model: 'mock/echo' })).status).toBe(200);
  });

  it("uses a key's own provider keys, stored encrypted and never shown, and does not charge its credits", async () => {
    const owner = await gateway.mintKey({ creditsUsd: 1 });
    const res = await patch(owner.id, { providerKeys: { together: 'tg-own-secret-1234', venice: 'vn-own-secret-5678' } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain('own-secret');
    expect((JSON.parse(text) as Json).providerKeys).toEqual(['together', 'venice']);
    expect(JSON.stringify(await getKey(gateway, owner.id))).not.toContain('own-secret');

    fake.script('POST', '/v1/chat/completions', together.chatCompletion({ content: 'with your key' }));
    const own = await chat(gateway, owner.key, { model: 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo' });
    expect(own.status).toBe(200);
    expect(fake.requests[fake.requests.length - 1].headers.authorization).toBe('Bearer tg-own-secret-1234');
    // A provider the gateway has no key for works with the key's own.
    fake.script('POST', '/v1/chat/completions', venice.chatCompletion({ content: 'venice' }));
    expect((await chat(gateway, owner.key, { model: 'venice/llama-3.3-70b' })).status).toBe(200);
    expect(fake.requests[fake.requests.length - 1].headers.authorization).toBe('Bearer vn-own-secret-5678');

    const other = await gateway.mintKey();
    fake.script('POST', '/v1/chat/completions', together.chatCompletion({ content: 'with the gateway key' }));
    expect((await chat(gateway, other.key, { model: 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo' })).status).toBe(200);
    expect(fake.requests[fake.requests.length - 1].headers.authorization).toBe('Bearer tg-gateway-key');
    expect((await chat(gateway, other.key, { model: 'venice/llama-3.3-70b' })).status).toBe(503);

    const records = await eventually(async () => {
      const rows = await usage(gateway, `keyId=${owner.id}`);
      expect(rows).toHaveLength(2);
      return rows;
    });
    expect(records.every((r) => r.byok)).toBe(true);
    expect((await settled(gateway, owner.id)).key.balanceUsd).toBe(1);

    const database = join(gateway.dataDir, 'switchyard.sqlite');
    for (const file of [database, `${database}-wal`].filter(existsSync)) expect(readFileSync(file).includes('own-secret')).toBe(false);

    expect((await patch(owner.id, { providerKeys: { nosuch: 'x' } })).status).toBe(400);
    expect((await patch(owner.id, { providerKeys: { together: 42 } })).status).toBe(400);
    const removed = (await (await patch(owner.id, { providerKeys: { venice: null } })).json()) as Json;
    expect(removed.providerKeys).toEqual(['together']);
    expect(fake.unscripted).toEqual([]);
  });

  it("prices a model from the provider's own model list when the config has none", async () => {
    const { key, id } = await gateway.mintKey({ creditsUsd: 1 });
    router.script(
      'GET',
      '/v1/models',
      openrouter.models([{ id: 'vendor/priced-model', pricing: { prompt: '0.000003', completion: '0.000015', request: '0' } }]),
    );
    router.script(
      'POST',
      '/v1/chat/completions',
      openrouter.chatCompletion({ model: 'vendor/priced-model', promptTokens: 10, completionTokens: 5 }),
    );
    const res = await chat(gateway, key, { model: 'openrouter/vendor/priced-model', max_tokens: 5 });
    expect(res.status).toBe(200);
    // 10 × $3/M + 5 × $15/M = 105 µUSD.
    expect(res.headers.get('x-switchyard-cost-usd')).toBe('0.000105');
    expect(micro((await settled(gateway, id)).key.balanceUsd)).toBe(1_000_000 - 105);
    expect(router.unscripted).toEqual([]);
  });

  it('lists usage with filters and cursor pages, exports CSV, and summarises by key, provider, model and day', async () => {
    const { key, id } = await gateway.mintKey({ name: 'reporting' });
    for (let i = 0; i < 5; i++) expect((await chat(gateway, key, { model: 'mock/lorem', max_tokens: 3 + i })).status).toBe(200);
    expect((await chat(gateway, key, { model: 'mock/echo', mock: { status: 500 } })).status).toBe(502);
    const all = await eventually(async () => {
      const rows = await usage(gateway, `keyId=${id}`);
      expect(rows).toHaveLength(6);
      return rows;
    });

    const page = async (query: string): Promise<{ data: UsageRecord[]; nextCursor: string | null }> =>
      (await (await gateway.request(`/admin/usage?keyId=${id}&${query}`)).json()) as { data: UsageRecord[]; nextCursor: string | null };
    const first = await page('limit=4');
    expect(first.data.map((r) => r.id)).toEqual(all.slice(0, 4).map((r) => r.id));
    const second = await page(`limit=4&cursor=${first.nextCursor}`);
    expect(second.data.map((r) => r.id)).toEqual(all.slice(4).map((r) => r.id));
    expect(second.nextCursor).toBeNull();
    expect((await page('status=502')).data).toMatchObject([{ status: 502, errorCode: 'upstream_error', model: null }]);
    expect((await page('model=lorem&limit=1000')).data).toHaveLength(5);
    expect((await page(`from=${new Date(Date.now() + 60_000).toISOString()}`)).data).toEqual([]);
    expect((await gateway.request('/admin/usage?cursor=nonsense')).status).toBe(400);
    expect((await gateway.request('/admin/usage?limit=5000')).status).toBe(400);

    const csv = await gateway.request(`/admin/usage?keyId=${id}&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['id', 'requestId', 'createdAt', 'keyId']);
    expect(lines).toHaveLength(7);

    const summary = async (query: string): Promise<Json[]> =>
      ((await (await gateway.request(`/admin/usage/summary?${query}`)).json()) as { data: Json[] }).data;
    const byModel = await summary(`keyId=${id}&groupBy=provider,model`);
    const lorem = all.filter((r) => r.model === 'lorem');
    expect(byModel).toEqual([
      { provider: null, model: null, requests: 1, errors: 1, promptTokens: 0, completionTokens: 0, costUsd: 0 },
      {
        provider: 'mock',
        model: 'lorem',
        requests: 5,
        errors: 0,
        promptTokens: lorem.reduce((sum, r) => sum + r.promptTokens, 0),
        completionTokens: 3 + 4 + 5 + 6 + 7,
        costUsd: lorem.reduce((sum, r) => sum + (micro(r.costUsd) as number), 0) / 1e6,
      },
    ]);
    const byKey = await summary('groupBy=key');
    expect(byKey.find((row) => row.keyId === id)).toMatchObject({ keyName: 'reporting', requests: 6, errors: 1 });
    const today = new Date().toISOString().slice(0, 10);
    const byDay = await summary(`keyId=${id}&from=${today}&to=${today}`);
    expect(byDay).toEqual([expect.objectContaining({ day: today, requests: 6 })]);
    expect((await gateway.request('/admin/usage/summary?groupBy=colour')).status).toBe(400);
    expect((await gateway.request('/admin/usage', { key: (await gateway.mintKey()).key })).status).toBe(403);
  });

  it('documents the admin API at /docs', async () => {
    const doc = (await (await gateway.request('/docs-json', { key: null })).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/admin/keys/{id}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    expect(doc.paths['/admin/keys/{id}/credits']).toHaveProperty('post');
    expect(doc.paths['/admin/keys/{id}/ledger']).toHaveProperty('get');
    expect(doc.paths['/admin/usage']).toHaveProperty('get');
    expect(doc.paths['/admin/usage/summary']).toHaveProperty('get');
  });
});
