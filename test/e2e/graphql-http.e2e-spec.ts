import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
  type IntrospectionQuery,
} from 'graphql';
import { FakeUpstream, together } from '../fake-upstream/index.js';
import { SINGLE_TRY_DEFAULTS, startGateway, type TestGateway } from '../support/gateway.js';
import { gql } from '../support/graphql.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../../schema.gql', import.meta.url));
const TOGETHER_MODEL = 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo';

const CHAT = `mutation Chat($input: ChatInput!) {
  chat(input: $input) {
    id requestId model provider created
    choices { index finishReason message { role content toolCalls { id name arguments } } }
    usage { promptTokens completionTokens totalTokens estimated }
    costUsd
    attempts { provider model status code outcome }
  }
}`;

describe('GraphQL over HTTP', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let clientKey: string;
  let clientKeyId: string;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: { TOGETHER_API_KEY: 'tg-secret-1', TOGETHER_BASE_URL: `${fake.url}/v1` },
      yaml: SINGLE_TRY_DEFAULTS,
    });
    ({ key: clientKey, id: clientKeyId } = await gateway.mintKey({ name: 'graphql-client' }));
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('chat runs through the gateway: REST body fields, usage, the serving provider and attempts', async () => {
    fake.script(
      'POST',
      '/v1/chat/completions',
      together.chatCompletion({ content: 'Hi from Together', promptTokens: 12, completionTokens: 4 }),
    );
    const res = await gql<{ chat: Record<string, unknown> }>(
      gateway,
      CHAT,
      {
        input: {
          model: TOGETHER_MODEL,
          messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
          maxTokens: 20,
          temperature: 0.5,
          responseFormat: { type: 'json_object' },
          extra: { repetition_penalty: 1.1 },
        },
      },
      clientKey,
    );
    expect(res.errors).toBeUndefined();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.data?.chat).toMatchObject({
      id: 'chatcmpl-fake',
      requestId: res.headers.get('x-request-id'),
      provider: 'together',
      choices: [{ index: 0, finishReason: 'stop', message: { role: 'assistant', content: 'Hi from Together', toolCalls: null } }],
      usage: { promptTokens: 12, completionTokens: 4, totalTokens: 16, estimated: false },
      costUsd: null,
      attempts: [{ provider: 'together', model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', status: 200, code: null, outcome: 'ok' }],
    });
    const [req] = fake.requestsTo('/v1/chat/completions').slice(-1);
    expect(req.body).toEqual({
      model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
      max_tokens: 20,
      temperature: 0.5,
      response_format: { type: 'json_object' },
      repetition_penalty: 1.1,
      stream: false,
    });
  });

  it('chat returns tool calls', async () => {
    fake.script(
      'POST',
      '/v1/chat/completions',
      together.chatCompletion({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] }),
    );
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }];
    const res = await gql<{ chat: { choices: Array<{ finishReason: string; message: Record<string, unknown> }> } }>(gateway, CHAT, {
      input: { model: TOGETHER_MODEL, messages: [{ role: 'user', content: 'weather?' }], tools },
    });
    expect(res.data?.chat.choices[0]).toMatchObject({
      finishReason: 'tool_calls',
      message: { content: null, toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] },
    });
    expect((fake.requestsTo('/v1/chat/completions').at(-1)?.body as { tools: unknown }).tools).toEqual(tools);
  });

  it('refuses an invalid input with the REST rules, naming the GraphQL field', async () => {
    const hot = await gql(gateway, CHAT, { input: { model: 'mock/echo', messages: [{ role: 'user', content: 'x' }], temperature: 3 } });
    expect(hot.errors?.[0].extensions).toMatchObject({ code: 'invalid_request', param: 'temperature' });
    const empty = await gql(gateway, CHAT, { input: { model: 'mock/echo', messages: [] } });
    expect(empty.errors?.[0]).toMatchObject({
      message: 'messages must contain at least one message',
      extensions: { code: 'invalid_request' },
    });
    const role = await gql(gateway, CHAT, { input: { model: 'mock/echo', messages: [{ role: 'robot', content: 'x' }] } });
    expect(role.errors?.[0].extensions).toMatchObject({ code: 'invalid_request', param: 'messages.0.role' });
  });

  it('maps gateway failures to contract codes with attempts, and no stack traces outside development', async () => {
    const missing = await gql(gateway, CHAT, { input: { model: 'nope/model', messages: [{ role: 'user', content: 'x' }] } });
    expect(missing.errors?.[0].extensions).toEqual({ code: 'model_not_found', status: 404, source: 'gateway', param: 'model' });
    fake.script('POST', '/v1/chat/completions', { status: 401, json: { error: { message: 'bad key', type: 'invalid_request_error' } } });
    const upstream = await gql(gateway, CHAT, { input: { model: TOGETHER_MODEL, messages: [{ role: 'user', content: 'x' }] } });
    const extensions = upstream.errors?.[0].extensions;
    expect(extensions).toMatchObject({ code: 'upstream_auth_failed', attempts: [{ provider: 'together', status: 401 }] });
    expect(JSON.stringify(upstream)).not.toContain('tg-secret-1');
    expect(extensions).not.toHaveProperty('stacktrace');
    const syntax = await gql(gateway, '{ me { kind }');
    expect(syntax.errors?.[0].extensions).toEqual({ code: 'invalid_request', status: 400 });
  });

  it('embed returns one vector per input', async () => {
    const res = await gql<{ embed: Record<string, unknown> }>(
      gateway,
      `mutation { embed(input: { model: "mock/echo", input: ["one", "two"], dimensions: 4 }) {
        provider model data { index embedding } usage { promptTokens } attempts { outcome } } }`,
    );
    expect(res.errors).toBeUndefined();
    const embed = res.data?.embed as { data: Array<{ index: number; embedding: number[] }> };
    expect(embed).toMatchObject({ provider: 'mock', model: 'echo', usage: { promptTokens: 2 }, attempts: [{ outcome: 'ok' }] });
    expect(embed.data.map((d) => [d.index, d.embedding.length])).toEqual([
      [0, 4],
      [1, 4],
    ]);
  });

  it('models lists the catalog, by provider and capability', async () => {
    fake.route('GET', '/v1/models', () => together.models([{ id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', input: 0.88, output: 0.88 }]));
    const all = await gql<{ models: Array<{ id: string; provider: string }> }>(gateway, '{ models { id provider } }');
    expect(all.data?.models.map((m) => m.id)).toEqual(expect.arrayContaining(['mock/echo', 'mock/lorem', TOGETHER_MODEL]));
    const mock = await gql<{ models: Array<Record<string, unknown>> }>(
      gateway,
      '{ models(provider: "mock", capability: "embeddings") { id modelId provider contextLength capabilities pricing { inputPerMTokUsd } } }',
    );
    expect(mock.data?.models).toEqual([
      expect.objectContaining({ id: 'mock/echo', modelId: 'echo', provider: 'mock', contextLength: 32768, pricing: null }),
      expect.objectContaining({ id: 'mock/lorem', modelId: 'lorem' }),
    ]);
    const priced = await gql<{ models: Array<{ pricing: unknown }> }>(
      gateway,
      '{ models(provider: "together") { pricing { inputPerMTokUsd outputPerMTokUsd } } }',
    );
    expect(priced.data?.models).toEqual([{ pricing: { inputPerMTokUsd: 0.88, outputPerMTokUsd: 0.88 } }]);
    const none = await gql(gateway, '{ models(provider: "mock", capability: "images") { id } }');
    expect(none.data).toEqual({ models: [] });
    const unknown = await gql(gateway, '{ models(provider: "nope") { id } }');
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'provider_not_found', param: 'provider' });
  });

  it('refreshModels drops the cached list and fetches it again (admin)', async () => {
    const before = fake.requestsTo('/v1/models').length;
    await gql(gateway, '{ models(provider: "together") { id } }');
    const res = await gql<{ refreshModels: Array<{ id: string }> }>(gateway, 'mutation { refreshModels(provider: "together") { id } }');
    expect(res.data?.refreshModels).toEqual([{ id: TOGETHER_MODEL }]);
    expect(fake.requestsTo('/v1/models').length).toBeGreaterThan(before);
    const after = fake.requestsTo('/v1/models').length;
    await gql(gateway, 'mutation { refreshModels(provider: "together") { id } }');
    expect(fake.requestsTo('/v1/models').length).toBe(after + 1);
  });

  it('providers and provider(id) expose enablement, capabilities and models', async () => {
    const res = await gql<{ providers: Array<Record<string, unknown>> }>(
      gateway,
      '{ providers(type: TEXT) { id type enabled disabledReason capabilities async models { id } } }',
    );
    const byId = new Map(res.data?.providers.map((p) => [p.id, p]));
    expect(byId.get('mock')).toMatchObject({ type: 'TEXT', enabled: true, disabledReason: null, async: false });
    expect(byId.get('mock')?.capabilities).toContain('streaming');
    expect(byId.get('together')).toMatchObject({ enabled: true, models: [{ id: TOGETHER_MODEL }] });
    expect(byId.get('openai')).toMatchObject({ enabled: false, models: null });
    expect(byId.get('openai')?.disabledReason).toEqual(expect.stringContaining('OPENAI_API_KEY'));
    const one = await gql(gateway, '{ provider(id: "mock") { id description } }');
    expect(one.data).toEqual({ provider: { id: 'mock', description: expect.any(String) } });
    const missing = await gql(gateway, '{ provider(id: "nope") { id } }');
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'provider_not_found' });
  });

  it('me tells the admin key from a client key', async () => {
    expect((await gql(gateway, '{ me { kind key { id } } }')).data).toEqual({ me: { kind: 'ADMIN', key: null } });
    const res = await gql(gateway, '{ me { kind key { id name prefix balanceUsd } } }', undefined, clientKey);
    expect(res.data).toEqual({
      me: { kind: 'KEY', key: { id: clientKeyId, name: 'graphql-client', prefix: clientKey.slice(0, 12), balanceUsd: null } },
    });
  });

  it('manages keys like /admin/keys: create (shown once), list, revoke', async () => {
    const created = await gql<{ createApiKey: Record<string, unknown> }>(
      gateway,
      `mutation { createApiKey(input: { name: "dash", creditsUsd: 2.5, allowedModels: ["mock/*"], rpm: 60, expiresAt: "2099-01-01T00:00:00Z" }) {
        id key prefix name balanceUsd allowedModels rpm expiresAt createdAt revokedAt } }`,
    );
    expect(created.errors).toBeUndefined();
    const key = created.data?.createApiKey as { id: string; key: string };
    expect(created.data?.createApiKey).toMatchObject({
      name: 'dash',
      balanceUsd: 2.5,
      allowedModels: ['mock/*'],
      rpm: 60,
      expiresAt: '2099-01-01T00:00:00.000Z',
      revokedAt: null,
      prefix: key.key.slice(0, 12),
    });
    const rest = await gateway.request(`/admin/keys/${key.id}`);
    expect(await rest.json()).toMatchObject({ id: key.id, name: 'dash', balanceUsd: 2.5 });
    const listed = await gql<{ apiKeys: Array<{ id: string }> }>(gateway, '{ apiKeys { id name } }');
    expect(listed.data?.apiKeys.map((k) => k.id)).toContain(key.id);
    expect(JSON.stringify(listed)).not.toContain(key.key);
    expect((await gql(gateway, '{ me { kind } }', undefined, key.key)).data).toEqual({ me: { kind: 'KEY' } });
    const revoked = await gql<{ revokeApiKey: { revokedAt: string | null } }>(
      gateway,
      `mutation { revokeApiKey(id: "${key.id}") { revokedAt } }`,
    );
    expect(revoked.data?.revokeApiKey.revokedAt).toEqual(expect.any(String));
    expect((await gql(gateway, '{ me { kind } }', undefined, key.key)).errors?.[0].extensions?.code).toBe('invalid_api_key');
    const listedAfter = await gql<{ apiKeys: Array<{ id: string }> }>(gateway, '{ apiKeys(includeRevoked: true) { id } }');
    expect(listedAfter.data?.apiKeys.map((k) => k.id)).toContain(key.id);
    const bad = await gql(gateway, 'mutation { createApiKey(input: { name: "" }) { id } }');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'invalid_request', param: 'name' });
  });

  it('refuses admin operations to a client key with forbidden', async () => {
    const operations = [
      '{ apiKeys { id } }',
      '{ usage { edges { cursor } } }',
      '{ usageSummary(groupBy: PROVIDER) { group } }',
      'mutation { createApiKey(input: { name: "x" }) { id } }',
      `mutation { revokeApiKey(id: "${clientKeyId}") { id } }`,
      `mutation { addCredits(keyId: "${clientKeyId}", amountUsd: 5) { id } }`,
      'mutation { refreshModels { id } }',
    ];
    for (const operation of operations) {
      const res = await gql(gateway, operation, undefined, clientKey);
      expect({ operation, code: res.errors?.[0].extensions?.code }).toEqual({ operation, code: 'forbidden' });
    }
    expect((await gql(gateway, '{ me { kind } }', undefined, clientKey)).data).toEqual({ me: { kind: 'KEY' } });
  });

  it('needs a key for every operation', async () => {
    for (const key of [null, 'sy_live_unknown']) {
      const res = await gql(gateway, '{ models { id } }', undefined, key);
      expect(res.errors?.[0].extensions?.code).toBe('invalid_api_key');
      expect(res.data).toBeNull();
    }
  });

  it('reports provider health from the health monitor, as GET /api/v2/providers/health', async () => {
    const res = await gql<{ providers: Array<{ id: string; type: string; health: Record<string, unknown> | null }> }>(
      gateway,
      '{ providers { id type health { provider status circuit latencyMs errorRate usableKeys lastError checkedAt } } }',
    );
    expect(res.errors).toBeUndefined();
    const byId = new Map(res.data?.providers.map((p) => [p.id, p]));
    const rest = (await (await gateway.request('/api/v2/providers/health')).json()) as {
      providers: Array<{ provider: string; status: string; circuit: string }>;
    };
    const together = rest.providers.find((p) => p.provider === 'together');
    expect(byId.get('together')?.health).toMatchObject({
      provider: 'together',
      status: together?.status.toUpperCase(),
      circuit: 'CLOSED',
      usableKeys: 1,
    });
    expect(byId.get('mock')?.health).toMatchObject({ provider: 'mock', circuit: 'CLOSED', usableKeys: null });
    expect(byId.get('openai')?.health).toMatchObject({ status: 'DISABLED', usableKeys: null });
    // Only text providers are monitored.
    const media = res.data?.providers.find((p) => p.type !== 'TEXT');
    if (media) expect(media.health).toBeNull();
  });

  it("lets a dashboard's full queries through the default depth and complexity limits", async () => {
    const catalog = await gql(
      gateway,
      `{ providers { id type description enabled disabledReason capabilities docsUrl async flatCostsUsd
        models { id modelId provider created ownedBy contextLength capabilities pricing { inputPerMTokUsd outputPerMTokUsd requestUsd imageUsd } } } }`,
    );
    expect(catalog.errors).toBeUndefined();
    const usage = await gql(
      gateway,
      `{ usage(filter: { first: 500 }) { pageInfo { endCursor hasNextPage } edges { cursor node {
        id requestId keyId operation route provider model status errorCode promptTokens completionTokens costUsd latencyMs timeToFirstTokenMs attempts streamed createdAt } } } }`,
    );
    expect(usage.errors).toBeUndefined();
  });

  it('serves exactly the committed schema.gql', async () => {
    const res = await gql<IntrospectionQuery>(gateway, getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
    const served = printSchema(lexicographicSortSchema(buildClientSchema(res.data as IntrospectionQuery)));
    const committed = printSchema(lexicographicSortSchema(buildSchema(readFileSync(SCHEMA_FILE, 'utf8'))));
    expect(served).toBe(committed);
  });
});
