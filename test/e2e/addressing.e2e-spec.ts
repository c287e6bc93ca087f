import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, openai, openrouter, together } from '../fake-upstream/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

type Json = Record<string, unknown>;
type ErrorJson = { error: { code: string; message: string; param: string | null } };

const TOGETHER_MODEL = 'meta-llama/Llama-3.3-70B-Instruct-Turbo';
const MESSAGES = [{ role: 'user', content: 'hi' }];

function envFor(fake: FakeUpstream): Record<string, string> {
  return {
    OPENAI_API_KEY: 'sk-addr-openai-0001',
    OPENAI_BASE_URL: `${fake.url}/openai/v1`,
    TOGETHER_API_KEY: 'tg-addr-0001',
    TOGETHER_BASE_URL: `${fake.url}/together/v1`,
    OPENROUTER_API_KEY: 'sk-or-v1-addr0001',
    OPENROUTER_BASE_URL: `${fake.url}/openrouter/api/v1`,
  };
}

/** Contract §2 rules 1, 2 and 4 (aliases belong to the resilience issue). */
describe('model addressing', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    fake.route('GET', '/openai/v1/models', () => openai.models(['gpt-4o', 'shared-model']));
    fake.route('GET', '/together/v1/models', () => together.models([{ id: TOGETHER_MODEL }, { id: 'shared-model' }]));
    fake.route('GET', '/openrouter/api/v1/models', () => openrouter.models([{ id: 'openai/gpt-4o' }, { id: 'anthropic/claude-3-sonnet' }]));
    fake.route('POST', '/openai/v1/chat/completions', () => openai.chatCompletion());
    fake.route('POST', '/openai/v1/embeddings', () => openai.embeddings(1, 2));
    fake.route('POST', '/together/v1/chat/completions', () => together.chatCompletion());
    fake.route('POST', '/together/v1/completions', () => together.chatCompletion());
    fake.route('POST', '/openrouter/api/v1/chat/completions', () => openrouter.chatCompletion());
    gateway = await startGateway({ env: envFor(fake) });
  });

  afterEach(() => {
    expect(fake.unscripted).toEqual([]);
    fake.requests.splice(0);
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  const post = (path: string, json: Json): Promise<Response> => gateway.request(path, { method: 'POST', json });
  /** Which provider path got the one POST, and the model it saw. */
  const served = (): { path: string; model: unknown } => {
    const posts = fake.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    return { path: posts[0].path, model: (posts[0].body as Json).model };
  };

  it('rule 1: "<provider>/<model-id>" goes to that provider with the rest as its model id', async () => {
    const res = await post('/v1/chat/completions', { model: `together/${TOGETHER_MODEL}`, messages: MESSAGES });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-provider')).toBe('together');
    expect(res.headers.get('x-switchyard-model')).toBe(TOGETHER_MODEL);
    expect(served()).toEqual({ path: '/together/v1/chat/completions', model: TOGETHER_MODEL });
  });

  it('rule 1 keeps slashes of the upstream id: openrouter/anthropic/claude-3-sonnet', async () => {
    expect((await post('/v1/chat/completions', { model: 'openrouter/anthropic/claude-3-sonnet', messages: MESSAGES })).status).toBe(200);
    expect(served()).toEqual({ path: '/openrouter/api/v1/chat/completions', model: 'anthropic/claude-3-sonnet' });
  });

  it('rule 2: "provider" with a bare id picks the provider and is not sent upstream', async () => {
    expect((await post('/v1/chat/completions', { model: 'openai/gpt-4o', provider: 'openrouter', messages: MESSAGES })).status).toBe(200);
    expect(served()).toEqual({ path: '/openrouter/api/v1/chat/completions', model: 'openai/gpt-4o' });
    expect(fake.requests[0].body).not.toHaveProperty('provider');
  });

  it('rule 2 works for completions and embeddings too', async () => {
    expect((await post('/v1/completions', { model: TOGETHER_MODEL, provider: 'together', prompt: 'x' })).status).toBe(200);
    expect(served()).toEqual({ path: '/together/v1/completions', model: TOGETHER_MODEL });
    fake.requests.splice(0);
    expect((await post('/v1/embeddings', { model: 'text-embedding-3-small', provider: 'openai', input: 'x' })).status).toBe(200);
    expect(served()).toEqual({ path: '/openai/v1/embeddings', model: 'text-embedding-3-small' });
  });

  it('rule 2 with an unknown provider is 404 provider_not_found naming the field', async () => {
    const res = await post('/v1/chat/completions', { model: 'gpt-4o', provider: 'nope', messages: MESSAGES });
    expect(res.status).toBe(404);
    const { error } = (await res.json()) as ErrorJson;
    expect(error).toMatchObject({ code: 'provider_not_found', param: 'provider' });
    expect(error.message).toContain('"nope"');
  });

  it('rule 4: a bare id listed by exactly one enabled provider goes there', async () => {
    expect((await post('/v1/chat/completions', { model: 'gpt-4o', messages: MESSAGES })).status).toBe(200);
    expect(served()).toEqual({ path: '/openai/v1/chat/completions', model: 'gpt-4o' });
    fake.requests.splice(0);
    // A slash does not make it a prefix when the first segment names no provider.
    const res = await post('/v1/chat/completions', { model: 'anthropic/claude-3-sonnet', messages: MESSAGES });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-provider')).toBe('openrouter');
    expect(served()).toEqual({ path: '/openrouter/api/v1/chat/completions', model: 'anthropic/claude-3-sonnet' });
  });

  it('rule 4: a bare id listed by several providers is 404 model_not_found naming them', async () => {
    const res = await post('/v1/chat/completions', { model: 'shared-model', messages: MESSAGES });
    expect(res.status).toBe(404);
    const { error } = (await res.json()) as ErrorJson;
    expect(error).toMatchObject({ code: 'model_not_found', param: 'model' });
    expect(error.message).toMatch(/openai/);
    expect(error.message).toMatch(/together/);
    expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('anything else is 404 model_not_found that says how to address models', async () => {
    for (const model of ['no-such-model', 'nosuchprovider/gpt-4o']) {
      const res = await post('/v1/chat/completions', { model, messages: MESSAGES });
      expect(res.status).toBe(404);
      const { error } = (await res.json()) as ErrorJson;
      expect(error.code).toBe('model_not_found');
      expect(error.message).toContain('<provider>/<model-id>');
    }
  });

  it('disabled providers are neither asked for their list nor matched', async () => {
    // venice has no key here; a bare id it would serve is unknown rather than routed to it.
    const res = await post('/v1/chat/completions', { model: 'llama-3.3-70b', messages: MESSAGES });
    expect(res.status).toBe(404);
    expect(fake.requests.some((r) => r.path.includes('venice'))).toBe(false);
  });
});

describe('model list cache', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({ env: envFor(fake) });
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  const listRequests = (provider: string): number =>
    fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith(`/${provider}/`)).length;

  it('a failing first fetch is reported per provider while the others still list, and is retried next time', async () => {
    fake.script('GET', '/openai/v1/models', openai.serverError(), openai.models(['gpt-4o']));
    fake.script('GET', '/together/v1/models', together.models([{ id: TOGETHER_MODEL }]));
    fake.script('GET', '/openrouter/api/v1/models', openrouter.models([{ id: 'anthropic/claude-3-sonnet' }]));

    const first = await gateway.request('/v1/models');
    expect(first.status).toBe(200);
    const body = (await first.json()) as {
      data: Array<{ id: string }>;
      providers: Array<{ id: string; enabled: boolean; reason: string | null }>;
    };
    expect(body.data.map((m) => m.id)).toEqual(
      expect.arrayContaining([`together/${TOGETHER_MODEL}`, 'openrouter/anthropic/claude-3-sonnet']),
    );
    expect(body.data.some((m) => m.id.startsWith('openai/'))).toBe(false);
    const openaiEntry = body.providers.find((p) => p.id === 'openai');
    expect(openaiEntry).toMatchObject({ enabled: true, reason: expect.stringContaining('The server had an error') });

    const second = (await (await gateway.request('/v1/models')).json()) as { data: Array<{ id: string }> };
    expect(second.data.map((m) => m.id)).toContain('openai/gpt-4o');
    expect(listRequests('openai')).toBe(2);
    expect(fake.unconsumed()).toEqual([]);
  });

  it('a good list is not fetched again within the TTL, whether read by GET /v1/models or by bare-id routing', async () => {
    fake.script('POST', '/openai/v1/chat/completions', openai.chatCompletion());
    await gateway.request('/v1/models');
    await gateway.request('/v1/models/together/' + TOGETHER_MODEL);
    const res = await gateway.request('/v1/chat/completions', { method: 'POST', json: { model: 'gpt-4o', messages: MESSAGES } });
    expect(res.status).toBe(200);
    expect(listRequests('openai')).toBe(2);
    expect(listRequests('together')).toBe(1);
    expect(listRequests('openrouter')).toBe(1);
    expect(fake.unscripted).toEqual([]);
  });
});

describe('model list refresh', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({ env: { OPENAI_API_KEY: 'sk-addr-openai-0002', OPENAI_BASE_URL: `${fake.url}/openai/v1` } });
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('concurrent readers share one in-flight fetch per provider', async () => {
    fake.script('GET', '/openai/v1/models', { ...openai.models(['gpt-4o']), delayMs: 300 });
    const results = await Promise.all([1, 2, 3, 4].map(() => gateway.request('/v1/models')));
    for (const res of results) {
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id)).toContain('openai/gpt-4o');
    }
    expect(fake.requestsTo('/openai/v1/models')).toHaveLength(1);
    expect(fake.unscripted).toEqual([]);
  });
});
