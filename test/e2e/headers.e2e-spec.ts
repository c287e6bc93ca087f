import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, openai } from '../fake-upstream/index.js';
import { SINGLE_TRY_DEFAULTS, startGateway, type TestGateway } from '../support/gateway.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MESSAGES = [{ role: 'user', content: 'hi' }];

/** Contract §4: x-request-id and the x-switchyard-* headers on every proxied response. */
describe('response headers', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    fake.route('GET', '/openai/v1/models', () => openai.models(['gpt-4o-mini']));
    gateway = await startGateway({
      env: { OPENAI_API_KEY: 'sk-headers-0001', OPENAI_BASE_URL: `${fake.url}/openai/v1` },
      yaml: SINGLE_TRY_DEFAULTS,
    });
  });

  afterAll(async () => {
    expect(fake.unscripted).toEqual([]);
    await gateway?.close();
    await fake?.close();
  });

  const chat = (json: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> =>
    gateway.request('/v1/chat/completions', { method: 'POST', json: { messages: MESSAGES, ...json }, headers });

  describe('x-request-id', () => {
    it("echoes the client's own id when it is sane", async () => {
      const res = await chat({ model: 'mock/echo' }, { 'x-request-id': 'client-req_42.a:b' });
      expect(res.headers.get('x-request-id')).toBe('client-req_42.a:b');
      // The mock builds its completion id from the request id, so the same id reached the upstream call.
      expect(((await res.json()) as { id: string }).id).toBe('chatcmpl-client-req_42.a:b');
    });

    it('replaces an id that is not sane with a fresh UUID', async () => {
      for (const given of ['has spaces', 'x'.repeat(129), 'semi;colon', '']) {
        const res = await chat({ model: 'mock/echo' }, { 'x-request-id': given });
        expect(res.headers.get('x-request-id')).toMatch(UUID);
      }
    });

    it('generates a different UUID per request when none is given', async () => {
      const ids = await Promise.all([1, 2].map(async () => (await chat({ model: 'mock/echo' })).headers.get('x-request-id')));
      expect(ids[0]).toMatch(UUID);
      expect(ids[1]).toMatch(UUID);
      expect(ids[0]).not.toBe(ids[1]);
    });

    it('is on streams and on errors too, including ones refused before authentication', async () => {
      const stream = await chat({ model: 'mock/echo', stream: true }, { 'x-request-id': 'stream-1' });
      expect(stream.headers.get('x-request-id')).toBe('stream-1');
      await stream.text();
      const invalid = await chat({ model: 'mock/echo', messages: 'x' }, { 'x-request-id': 'invalid-1' });
      expect(invalid.status).toBe(400);
      expect(invalid.headers.get('x-request-id')).toBe('invalid-1');
      const unauthenticated = await gateway.request('/v1/models', { key: null, headers: { 'x-request-id': 'noauth-1' } });
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get('x-request-id')).toBe('noauth-1');
    });
  });

  describe('x-switchyard-provider, -model, -attempts', () => {
    it('name the provider and upstream model that served a JSON response', async () => {
      fake.script('POST', '/openai/v1/chat/completions', openai.chatCompletion());
      const res = await chat({ model: 'openai/gpt-4o' });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-provider')).toBe('openai');
      expect(res.headers.get('x-switchyard-model')).toBe('gpt-4o');
      expect(res.headers.get('x-switchyard-attempts')).toBe('1');
    });

    it('are on streamed responses', async () => {
      const res = await chat({ model: 'mock/lorem', stream: true, max_tokens: 2 });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      expect(res.headers.get('x-switchyard-provider')).toBe('mock');
      expect(res.headers.get('x-switchyard-model')).toBe('lorem');
      expect(res.headers.get('x-switchyard-attempts')).toBe('1');
      await res.text();
    });

    it('name the provider a bare id resolved to', async () => {
      fake.script('POST', '/openai/v1/chat/completions', openai.chatCompletion());
      const res = await chat({ model: 'gpt-4o-mini' });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-provider')).toBe('openai');
      expect(res.headers.get('x-switchyard-model')).toBe('gpt-4o-mini');
    });

    it('count the attempts on an upstream failure', async () => {
      fake.script('POST', '/openai/v1/chat/completions', openai.serverError());
      const res = await chat({ model: 'openai/gpt-4o' });
      expect(res.status).toBe(502);
      expect(res.headers.get('x-switchyard-attempts')).toBe('1');
    });

    it('are on completions and embeddings too', async () => {
      for (const [path, json] of [
        ['/v1/completions', { model: 'mock/lorem', prompt: 'x' }],
        ['/v1/embeddings', { model: 'mock/echo', input: 'x' }],
      ] as const) {
        const res = await gateway.request(path, { method: 'POST', json });
        expect(res.status).toBe(200);
        expect(res.headers.get('x-switchyard-provider')).toBe('mock');
        expect(res.headers.get('x-switchyard-attempts')).toBe('1');
      }
    });
  });
});
