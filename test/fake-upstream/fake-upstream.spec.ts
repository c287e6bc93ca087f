import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeUpstream } from './fake-upstream.js';

async function readChunks(res: Response): Promise<string[]> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(decoder.decode(next.value));
  return chunks;
}

describe('FakeUpstream', () => {
  let fake: FakeUpstream;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await fake.close();
  });

  it('plays scripted steps in order, then falls back to the route handler', async () => {
    fake
      .script('POST', '/v1/chat/completions', { status: 429, json: { n: 1 } }, { json: { n: 2 } })
      .route('POST', '/v1/chat/completions', (req) => ({ status: 201, json: { echo: req.body } }));
    const call = (): Promise<Response> =>
      fetch(`${fake.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });

    const first = await call();
    const second = await call();
    const third = await call();

    expect([first.status, second.status, third.status]).toEqual([429, 200, 201]);
    expect(await first.json()).toEqual({ n: 1 });
    expect(await second.json()).toEqual({ n: 2 });
    expect(await third.json()).toEqual({ echo: { a: 1 } });
    expect(fake.unconsumed()).toEqual([]);
    expect(fake.unscripted).toEqual([]);
  });

  it('answers unscripted calls with 599 and lists them', async () => {
    fake.script('GET', '/v1/models', { json: [] });

    const res = await fetch(`${fake.url}/v1/embeddings?x=1`, { method: 'POST' });

    expect(res.status).toBe(599);
    expect(await res.json()).toEqual({ error: 'unscripted POST /v1/embeddings' });
    expect(fake.unscripted).toEqual(['POST /v1/embeddings']);
    expect(fake.unconsumed()).toEqual(['GET /v1/models ×1']);
  });

  it('records method, path, query, lower-case headers and parsed or raw bodies', async () => {
    fake.script('POST', '/upload', { body: 'ok' }, { body: Buffer.from([1, 2]) });

    await (
      await fetch(`${fake.url}/upload?a=1&b=2`, {
        method: 'POST',
        headers: { 'X-Title': 'T', 'content-type': 'application/json' },
        body: '{"k":[1]}',
      })
    ).text();
    await (await fetch(`${fake.url}/upload`, { method: 'POST', headers: { 'content-type': 'audio/wav' }, body: 'RIFF' })).arrayBuffer();

    const [json, audio] = fake.requestsTo('/upload');
    expect(json).toMatchObject({ method: 'POST', path: '/upload', body: { k: [1] }, aborted: false });
    expect(json?.query.get('b')).toBe('2');
    expect(json?.headers['x-title']).toBe('T');
    expect(json?.rawBody.toString()).toBe('{"k":[1]}');
    expect(Buffer.isBuffer(audio?.body)).toBe(true);
    expect((audio?.body as Buffer).toString()).toBe('RIFF');
  });

  it('streams SSE data frames, comments and [DONE] verbatim', async () => {
    fake.script('POST', '/chat', {
      headers: { 'x-generation-id': 'g1' },
      sse: [{ comment: 'OPENROUTER PROCESSING' }, { data: { a: 1 } }, { event: 'error', data: { e: 1 } }, { data: '[DONE]' }],
    });

    const res = await fetch(`${fake.url}/chat`, { method: 'POST' });

    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('x-generation-id')).toBe('g1');
    expect((await readChunks(res)).join('')).toBe(
      ': OPENROUTER PROCESSING\n\ndata: {"a":1}\n\nevent: error\ndata: {"e":1}\n\ndata: [DONE]\n\n',
    );
  });

  it('delivers a raw frame split across two writes as two body chunks', async () => {
    fake.script('GET', '/split', { sse: [{ raw: 'data: {"a":' }, { delayMs: 50 }, { raw: '1}\n\n' }] });

    const chunks = await readChunks(await fetch(`${fake.url}/split`));

    expect(chunks).toEqual(['data: {"a":', '1}\n\n']);
  });

  it('drops the socket mid-stream without marking the request aborted', async () => {
    fake.script('GET', '/drop', { sse: [{ data: { a: 1 } }, { delayMs: 20 }, { drop: true }] });

    const res = await fetch(`${fake.url}/drop`);

    expect(res.status).toBe(200);
    await expect(readChunks(res)).rejects.toThrow();
    expect(fake.requests[0]?.aborted).toBe(false);
  });

  it('drops the socket before responding', async () => {
    fake.script('GET', '/gone', { drop: true });

    await expect(fetch(`${fake.url}/gone`)).rejects.toThrow('fetch failed');
  });

  it('detects a client abort while hanging', async () => {
    fake.script('POST', '/hang', { hang: true });
    const controller = new AbortController();
    const pending = fetch(`${fake.url}/hang`, { method: 'POST', body: 'x', signal: controller.signal });

    await fake.waitForRequests(1);
    expect(fake.requests[0]?.aborted).toBe(false);
    controller.abort();

    await expect(pending).rejects.toThrow('aborted');
    const aborted = await fake.waitForAbort(0);
    expect(aborted.aborted).toBe(true);
  });

  it('detects a client abort mid-stream and leaves finished requests alone', async () => {
    fake.script('GET', '/ok', { json: {} });
    fake.script('GET', '/stream', { sse: [{ data: 'first' }, { delayMs: 10_000 }, { data: 'never' }] });
    await (await fetch(`${fake.url}/ok`)).json();
    const controller = new AbortController();
    const res = await fetch(`${fake.url}/stream`, { signal: controller.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();

    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: first\n\n');
    controller.abort();

    await fake.waitForAbort(1);
    expect(fake.requests.map((req) => req.aborted)).toEqual([false, true]);
  });

  it('matches wildcard paths containing slashes, preferring exact routes', async () => {
    fake.script('POST', '/models/*', { json: { route: 'wildcard' } });
    fake.script('POST', '/models/gpt2', { json: { route: 'exact' } });

    const exact = await (await fetch(`${fake.url}/models/gpt2`, { method: 'POST' })).json();
    const wild = await (await fetch(`${fake.url}/models/facebook/bart-large-cnn`, { method: 'POST' })).json();
    const bare = await fetch(`${fake.url}/models/`, { method: 'POST' });

    expect([exact, wild]).toEqual([{ route: 'exact' }, { route: 'wildcard' }]);
    expect(bare.status).toBe(599);
    expect(fake.requestsTo('/models/*').map((req) => req.path)).toEqual(['/models/gpt2', '/models/facebook/bart-large-cnn']);
  });

  it('waits for concurrent requests and times out with what it saw', async () => {
    fake.route('GET', '/slow', () => ({ delayMs: 30, json: {} }));
    const calls = [1, 2, 3].map(async (i) => (await fetch(`${fake.url}/slow?i=${i}`)).json());

    const seen = await fake.waitForRequests(3);
    await Promise.all(calls);

    expect(seen.map((req) => req.query.get('i')).sort()).toEqual(['1', '2', '3']);
    await expect(fake.waitForRequests(4, 50)).rejects.toThrow('timed out after 50 ms waiting for 4 requests, got 3');
  });

  it('reports a throwing handler as unscripted', async () => {
    fake.route('GET', '/boom', () => {
      throw new Error('bad fixture');
    });

    const res = await fetch(`${fake.url}/boom`);

    expect(res.status).toBe(599);
    expect(fake.unscripted).toEqual(['handler for GET /boom threw: bad fixture']);
  });

  it('serves instant routes without recording them', async () => {
    fake.instant('/bench', { ok: true });

    const body = await (await fetch(`${fake.url}/bench?q=1`, { method: 'POST', body: 'ignored' })).json();

    expect(body).toEqual({ ok: true });
    expect(fake.instantCount).toBe(1);
    expect(fake.requests).toEqual([]);
  });
});

describe('FakeUpstream.close', () => {
  it('does not wait for hanging or keep-alive connections', async () => {
    const fake = await FakeUpstream.start();
    fake.script('GET', '/ok', { json: {} }).script('GET', '/hang', { hang: true });
    await (await fetch(`${fake.url}/ok`)).json();
    const pending = fetch(`${fake.url}/hang`);
    await fake.waitForRequests(2);

    await fake.close();

    await expect(pending).rejects.toThrow('fetch failed');
    await expect(fetch(`${fake.url}/ok`)).rejects.toThrow('fetch failed');
  });
});
