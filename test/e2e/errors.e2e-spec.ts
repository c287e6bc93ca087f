import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, openai } from '../fake-upstream/index.js';
import { SINGLE_TRY_DEFAULTS, startGateway, type TestGateway } from '../support/gateway.js';

type Json = Record<string, unknown>;
type ErrorJson = { error: { message: string; type: string; code: string; param: string | null; attempts?: Json[]; source?: string } };

const OPENAI_KEY = 'sk-errors-openai-7f3a9c1d2e';
/** Together keys carry no recognisable prefix: only the exact value can be redacted. */
const TOGETHER_KEY = 'tgkey9f8e7d6c5b4a39281706abcd';
const MESSAGES = [{ role: 'user', content: 'hi' }];

/** True when any 8-character piece of the secret shows up in the text. */
function leaks(text: string, secret: string): boolean {
  for (let i = 0; i + 8 <= secret.length; i++) if (text.includes(secret.slice(i, i + 8))) return true;
  return false;
}

/** Contract §6 for bad input and failing upstreams; the process must stay healthy and keep secrets. */
describe('errors and hostile input', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let clientKey: string;
  /** Every response body this file received, checked for secrets at the end. */
  const seen: string[] = [];

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        OPENAI_API_KEY: OPENAI_KEY,
        OPENAI_BASE_URL: `${fake.url}/openai/v1`,
        TOGETHER_API_KEY: TOGETHER_KEY,
        TOGETHER_BASE_URL: `${fake.url}/together/v1`,
        SWITCHYARD_BODY_LIMIT_BYTES: '65536',
        // Everything the gateway might log is checked for secrets too.
        LOG_LEVEL: 'debug',
      },
      yaml: SINGLE_TRY_DEFAULTS,
    });
    clientKey = (await gateway.mintKey()).key;
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  async function call(
    path: string,
    init: Parameters<TestGateway['request']>[1] = {},
  ): Promise<{ status: number; headers: Headers; json: ErrorJson }> {
    const res = await gateway.request(path, { key: clientKey, ...init });
    const text = await res.text();
    seen.push(text);
    return { status: res.status, headers: res.headers, json: JSON.parse(text) as ErrorJson };
  }
  const chat = (body: unknown, init: Parameters<TestGateway['request']>[1] = {}): ReturnType<typeof call> =>
    call('/v1/chat/completions', { method: 'POST', json: body, ...init });

  describe('malformed requests', () => {
    it('bad JSON is 400 invalid_request', async () => {
      const res = await call('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"model": "mock/echo", ',
      });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code: 'invalid_request', type: 'invalid_request_error' });
      expect(res.json.error.message).toBe('Request body is not valid JSON, or has a "__proto__" or "constructor.prototype" key.');
    });

    it.each([['null'], ['[]'], ['42'], ['"a string"'], ['']])('a body of %j is 400 invalid_request', async (body) => {
      const res = await call('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
    });

    it.each([
      ['__proto__', '{"model": "mock/echo", "messages": [{"role": "user", "content": "hi", "__proto__": {"admin": true}}]}'],
      [
        'constructor.prototype',
        '{"model": "mock/echo", "messages": [{"role": "user", "content": "hi"}], "constructor": {"prototype": {"admin": true}}}',
      ],
    ])('a body carrying %s is refused with 400 before any handler sees it', async (_key, body) => {
      const res = await call('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
      expect(res.json.error.message).toContain('"__proto__" or "constructor.prototype" key');
    });

    it('a body that is not JSON at all is 400', async () => {
      const res = await call('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
    });

    it.each<[string, string, Json, string]>([
      ['chat', '/v1/chat/completions', { model: 5, messages: MESSAGES }, 'model'],
      ['chat', '/v1/chat/completions', { model: 'mock/echo' }, 'messages'],
      ['chat', '/v1/chat/completions', { model: 'mock/echo', messages: 'hi' }, 'messages'],
      ['chat', '/v1/chat/completions', { model: 'mock/echo', messages: [] }, 'messages'],
      ['chat', '/v1/chat/completions', { model: 'mock/echo', messages: [{ role: 'robot', content: 'x' }] }, 'messages.0.role'],
      ['chat', '/v1/chat/completions', { model: 'mock/echo', messages: [{ role: 'user', content: 5 }] }, 'messages.0.content'],
      [
        'chat',
        '/v1/chat/completions',
        { model: 'mock/echo', messages: [{ role: 'user', content: [{ type: 'bogus' }] }] },
        'messages.0.content',
      ],
      ['chat', '/v1/chat/completions', { model: 'mock/echo', messages: MESSAGES, temperature: 'hot' }, 'temperature'],
      ['chat', '/v1/chat/completions', { model: 'mock/echo', messages: MESSAGES, temperature: 7 }, 'temperature'],
      ['chat', '/v1/chat/completions', { model: 'mock/echo', messages: MESSAGES, max_tokens: 1.5 }, 'max_tokens'],
      ['chat', '/v1/chat/completions', { model: 'mock/echo', messages: MESSAGES, stream: 'yes' }, 'stream'],
      ['chat', '/v1/chat/completions', { model: 'mock/echo', messages: MESSAGES, tools: {} }, 'tools'],
      ['completions', '/v1/completions', { model: 'mock/lorem', prompt: 5 }, 'prompt'],
      ['embeddings', '/v1/embeddings', { model: 'mock/echo', input: 5 }, 'input'],
      ['embeddings', '/v1/embeddings', { model: 'mock/echo', input: 'x', encoding_format: 'hex' }, 'encoding_format'],
      ['admin', '/admin/keys', { creditsUsd: 'lots' }, 'name'],
      ['admin', '/admin/keys', { name: 'k', creditsUsd: -1 }, 'creditsUsd'],
    ])('%s: wrong types are 400 naming %j', async (_route, path, body, param) => {
      const res = await call(path, { method: 'POST', json: body, key: path.startsWith('/admin') ? undefined : clientKey });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code: 'invalid_request', param });
    });

    it('a wrong type is reported as a type problem, not a range problem', async () => {
      const res = await chat({ model: 'mock/echo', messages: MESSAGES, temperature: 'hot' });
      expect(res.json.error.message).toMatch(/number/);
    });

    it('a huge body is 413 payload_too_large', async () => {
      const res = await chat({ model: 'mock/echo', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] });
      expect(res.status).toBe(413);
      expect(res.json.error).toMatchObject({ code: 'payload_too_large' });
      expect(res.json.error.message).toContain('65536');
    });

    it('an unknown route is 404 in the same error shape', async () => {
      const res = await call('/v1/nothing-here');
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    });
  });

  describe('unknown providers and models', () => {
    it('an unknown provider route is 404 provider_not_found', async () => {
      const res = await call('/api/nope/chat/completions', { method: 'POST', json: { model: 'x', messages: MESSAGES } });
      expect(res.status).toBe(404);
      expect(res.json.error).toMatchObject({ code: 'provider_not_found' });
      expect(res.json.error.message).toContain('Known providers');
    });

    it('an unknown model of a known provider is 404 model_not_found', async () => {
      const res = await chat({ model: 'mock/no-such-model', messages: MESSAGES });
      expect(res.status).toBe(404);
      expect(res.json.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    });

    it('a provider without a key answers with the reason it is disabled', async () => {
      for (const res of [
        await call('/api/venice/chat/completions', { method: 'POST', json: { model: 'llama-3.3-70b', messages: MESSAGES } }),
        await chat({ model: 'venice/llama-3.3-70b', messages: MESSAGES }),
      ]) {
        expect(res.status).toBe(503);
        expect(res.json.error.code).toBe('no_provider_available');
        expect(res.json.error.message).toContain('VENICE_API_KEY');
      }
    });
  });

  describe('authentication', () => {
    it('a missing key is 401 invalid_api_key', async () => {
      const res = await chat({ model: 'mock/echo', messages: MESSAGES }, { key: null });
      expect(res.status).toBe(401);
      expect(res.json.error).toMatchObject({ code: 'invalid_api_key', type: 'authentication_error' });
    });

    it('an unknown key is 401 invalid_api_key', async () => {
      for (const key of ['sy_live_notARealKeyAtAll000000000000000', 'x']) {
        const res = await chat({ model: 'mock/echo', messages: MESSAGES }, { key });
        expect(res.status).toBe(401);
        expect(res.json.error.code).toBe('invalid_api_key');
      }
    });

    it('another auth scheme is 401', async () => {
      const res = await chat({ model: 'mock/echo', messages: MESSAGES }, { key: null, headers: { authorization: `Basic ${clientKey}` } });
      expect(res.status).toBe(401);
    });

    it('the scheme name is case-insensitive (RFC 9110 §11.1)', async () => {
      const res = await gateway.request('/v1/chat/completions', {
        method: 'POST',
        key: null,
        headers: { authorization: `bearer ${clientKey}` },
        json: { model: 'mock/echo', messages: MESSAGES },
      });
      seen.push(await res.text());
      expect(res.status).toBe(200);
    });

    it('a client key on the admin API is 403 forbidden', async () => {
      for (const [method, path] of [
        ['GET', '/admin/keys'],
        ['POST', '/admin/keys'],
        ['DELETE', '/admin/keys/some-id'],
      ]) {
        const res = await call(path, { method, json: method === 'POST' ? { name: 'x' } : undefined });
        expect(res.status).toBe(403);
        expect(res.json.error).toMatchObject({ code: 'forbidden', type: 'permission_error' });
      }
    });
  });

  describe('upstream failures', () => {
    it('upstream 401 is 502 upstream_auth_failed with the attempts', async () => {
      fake.script('POST', '/openai/v1/chat/completions', openai.invalidApiKey());
      const res = await chat({ model: 'openai/gpt-4o', messages: MESSAGES });
      expect(res.status).toBe(502);
      expect(res.headers.get('x-switchyard-attempts')).toBe('1');
      expect(res.json.error).toMatchObject({
        code: 'upstream_auth_failed',
        source: 'provider',
        attempts: [{ provider: 'openai', model: 'gpt-4o', status: 401, code: 'invalid_api_key', keyAlias: 'openai#1' }],
      });
    });

    it('upstream context_length_exceeded is 400 context_length_exceeded', async () => {
      fake.script('POST', '/openai/v1/chat/completions', openai.contextLengthExceeded());
      const res = await chat({ model: 'openai/gpt-4o', messages: MESSAGES });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code: 'context_length_exceeded', param: 'messages', attempts: [{ status: 400 }] });
      expect(res.json.error.message).toContain('maximum context length');
    });

    it('an upstream echoing the key in its error body does not leak it', async () => {
      fake.route('POST', '/together/v1/chat/completions', (req) => ({
        status: 401,
        json: {
          id: 'x',
          error: {
            message: `Invalid API key: ${req.headers.authorization}`,
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        },
      }));
      const res = await chat({ model: 'together/m', messages: MESSAGES });
      expect(res.status).toBe(502);
      expect(leaks(JSON.stringify(res.json), TOGETHER_KEY)).toBe(false);
    });

    it('a long plain-text upstream error with the key near the cut-off does not leak part of it', async () => {
      for (const offset of [480, 490, 495, 499]) {
        fake.script('POST', '/together/v1/chat/completions', {
          status: 500,
          headers: { 'content-type': 'text/html' },
          body: `${'<p>'.padEnd(offset, '.')}${TOGETHER_KEY}</p>`,
        });
        const res = await chat({ model: 'together/m', messages: MESSAGES });
        expect(res.status).toBe(502);
        expect(leaks(JSON.stringify(res.json), TOGETHER_KEY)).toBe(false);
      }
    });

    it('an upstream echoing the key in a mid-stream error event does not leak it', async () => {
      fake.route('POST', '/together/v1/chat/completions', (req) => ({
        sse: [
          {
            data: {
              id: 'x',
              object: 'chat.completion.chunk',
              created: 1,
              model: 'm',
              choices: [{ index: 0, delta: { content: 'partial' }, finish_reason: null }],
            },
          },
          { data: { error: { message: `key ${req.headers.authorization?.slice(7)} was revoked mid-stream`, type: 'server_error' } } },
        ],
      }));
      const res = await gateway.request('/v1/chat/completions', {
        method: 'POST',
        key: clientKey,
        json: { model: 'together/m', messages: MESSAGES, stream: true },
      });
      const text = await res.text();
      seen.push(text);
      expect(text).toContain('was revoked mid-stream');
      expect(leaks(text, TOGETHER_KEY)).toBe(false);
    });

    it('a model list failure echoing the key does not leak it in GET /v1/models', async () => {
      fake.route('GET', '/together/v1/models', (req) => ({
        status: 403,
        json: { error: { message: `Key ${req.headers.authorization} is not allowed`, type: 'auth', code: null } },
      }));
      fake.route('GET', '/openai/v1/models', () => openai.models(['gpt-4o']));
      const res = await gateway.request('/v1/models', { key: clientKey });
      const text = await res.text();
      seen.push(text);
      expect(res.status).toBe(200);
      const together = (JSON.parse(text) as { providers: Array<{ id: string; reason: string }> }).providers.find(
        (p) => p.id === 'together',
      );
      expect(together?.reason).toContain('is not allowed');
      expect(leaks(text, TOGETHER_KEY)).toBe(false);
    });
  });

  it('after all of it the server still answers, and no secret or stack trace was ever sent or logged', async () => {
    const res = await gateway.request('/v1/chat/completions', {
      method: 'POST',
      key: clientKey,
      json: { model: 'mock/echo', messages: MESSAGES },
    });
    expect(res.status).toBe(200);
    expect(gateway.process.exitCode).toBeNull();
    expect(seen.length).toBeGreaterThan(30);
    const everything = seen.join('\n');
    for (const secret of [OPENAI_KEY, TOGETHER_KEY]) {
      expect(leaks(everything, secret)).toBe(false);
      expect(leaks(gateway.output(), secret)).toBe(false);
    }
    expect(everything).not.toMatch(/\n\s+at /);
    expect(fake.unscripted).toEqual([]);
  });
});
