import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, together } from '../fake-upstream/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait-for.js';

const TOGETHER_KEYS = ['tg-live-Upstream-Secret-777', 'tg-live-Upstream-Secret-888'];
const OPENAI_KEY = 'sk-proj-LeakMe-1234567890abcdef';
const MODEL = 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo';

/** Error bodies that echo whatever credentials the request carried, as careless upstreams do. */
function echoing(status: number, authorization: string | undefined): ReturnType<typeof together.error> {
  const key = authorization?.replace('Bearer ', '') ?? 'none';
  return together.error(status, `Invalid API key ${key}; we received "Authorization: ${authorization}"`, 'invalid_api_key');
}

describe('logs never carry upstream keys, client keys or the admin key, even on error paths', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let clientKey: string;
  const bodies: string[] = [];

  const call = async (path: string, init: Parameters<TestGateway['request']>[1]): Promise<Response> => {
    const res = await gateway.request(path, init);
    bodies.push(await res.clone().text());
    return res;
  };

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    fake.route('GET', '/v1/models', (req) => echoing(401, req.headers.authorization));
    gateway = await startGateway({
      env: {
        LOG_LEVEL: 'debug',
        TOGETHER_API_KEY: TOGETHER_KEYS.join(','),
        TOGETHER_BASE_URL: `${fake.url}/v1`,
        OPENAI_API_KEY: OPENAI_KEY,
        OPENAI_BASE_URL: `${fake.url}/openai/v1`,
        SWITCHYARD_HEALTH_PROBE_INTERVAL_MS: '100',
        SWITCHYARD_HEALTH_PROBE_JITTER_MS: '0',
      },
    });
    clientKey = (await gateway.mintKey({ name: 'leaky' })).key;
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('runs the error paths', async () => {
    fake.route('POST', '/v1/chat/completions', (req) => echoing(401, req.headers.authorization));
    fake.route('POST', '/openai/v1/chat/completions', (req) => ({
      headers: { 'content-type': 'text/event-stream' },
      sse: [
        { data: { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'partial' }, finish_reason: null }] } },
        { data: { error: { message: `stream broke for ${req.headers.authorization}`, type: 'server_error' } } },
      ],
    }));
    fake.route('GET', '/openai/v1/models', () => ({ drop: true }));
    const messages = [{ role: 'user', content: 'hello' }];

    // Upstream refuses both keys and echoes them (auth failure on every attempt).
    expect((await call('/v1/chat/completions', { method: 'POST', key: clientKey, json: { model: MODEL, messages } })).status).toBe(502);
    expect((await call('/v1/chat/completions', { method: 'POST', key: clientKey, json: { model: MODEL, messages } })).status).toBe(502);
    // A stream that fails after content, with the key in the upstream's error event.
    const stream = await call('/v1/chat/completions', {
      method: 'POST',
      key: clientKey,
      json: { model: 'openai/gpt-4o', messages, stream: true },
    });
    expect(stream.status).toBe(200);
    // Model lists: 401 echoing the key, and a dropped connection.
    expect((await call('/v1/models', { key: clientKey })).status).toBe(200);
    // Secrets where the client put them: a model name, a query string, a wrong key.
    expect((await call('/v1/chat/completions', { method: 'POST', key: clientKey, json: { model: clientKey, messages } })).status).toBe(404);
    expect((await call('/v1/chat/completions', { method: 'POST', json: { model: `mock/${gateway.adminKey}`, messages } })).status).toBe(
      404,
    );
    expect((await call(`/v1/models?api_key=${clientKey}`, { key: clientKey })).status).toBe(200);
    expect((await call('/v1/chat/completions', { method: 'POST', key: `${clientKey}x`, json: { model: MODEL, messages } })).status).toBe(
      401,
    );
    expect((await call('/admin/keys/does-not-exist', {})).status).toBe(404);
    expect((await call('/admin/keys', { key: clientKey })).status).toBe(403);
    // Probes fail with the key echoed.
    await waitFor(
      async () => (gateway.output().includes('Model list probe failed') || (await probeFailed()) ? true : undefined),
      () => 'a failed probe',
    );
  });

  async function probeFailed(): Promise<boolean> {
    const res = await gateway.request('/api/v2/providers/health');
    const body = (await res.json()) as { providers: Array<{ provider: string; lastCheck: { ok: boolean } | null }> };
    bodies.push(JSON.stringify(body));
    return body.providers.some((p) => p.provider === 'together' && p.lastCheck?.ok === false);
  }

  it('wrote request logs for them with the secrets redacted', async () => {
    const output = gateway.output();
    expect(output).toContain('"msg":"request finished"');
    expect(output).toContain('"keyId"');
    expect(output).toContain('[redacted]');
    for (const secret of [...TOGETHER_KEYS, OPENAI_KEY, clientKey, gateway.adminKey]) {
      expect(output).not.toContain(secret);
    }
  });

  it('kept the upstream keys out of every response too, and every key out of the public metrics', async () => {
    for (const secret of [...TOGETHER_KEYS, OPENAI_KEY]) {
      for (const body of bodies) expect(body).not.toContain(secret);
    }
    const metrics = await (await gateway.request('/metrics', { key: null })).text();
    expect(metrics).toContain('switchyard_requests_total');
    for (const secret of [...TOGETHER_KEYS, OPENAI_KEY, clientKey, gateway.adminKey]) expect(metrics).not.toContain(secret);
  });
});
