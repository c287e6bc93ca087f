import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { countTokens } from 'gpt-tokenizer';
import OpenAI from 'openai';
import { compatible, FakeUpstream, openai, openrouter } from '../fake-upstream/index.js';
import { SINGLE_TRY_DEFAULTS, startGateway, type TestGateway } from '../support/gateway.js';
import { comments, dataPayloads, jsonChunks, parseSseText } from '../support/sse.js';

type Json = Record<string, unknown>;

const OPENAI_PATH = '/openai/v1/chat/completions';
const PLAIN_PATH = '/plain/v1/chat/completions';
const MESSAGES = [{ role: 'user', content: 'hello there' }];

function chunk(content: string, finish: string | null = null): Json {
  return {
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  };
}

/** Reads the stream until `done(text so far)` holds (the request's own signal bounds how long that may take). */
async function readUntil(res: Response, done: (text: string) => boolean): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (!done(text)) {
      const { value, done: ended } = await reader.read();
      if (ended) throw new Error(`stream ended before the condition held: ${text}`);
      text += decoder.decode(value, { stream: true });
    }
    return text;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function contentOf(text: string): string {
  return jsonChunks(text)
    .map((c) => (c.choices as Array<{ delta?: { content?: string } }> | undefined)?.[0]?.delta?.content ?? '')
    .join('');
}

/** Contract §5, against scripted upstream streams. */
describe('streaming', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        OPENAI_API_KEY: 'sk-stream-openai-0001',
        OPENAI_BASE_URL: `${fake.url}/openai/v1`,
        OPENROUTER_API_KEY: 'sk-or-v1-stream0001',
        OPENROUTER_BASE_URL: `${fake.url}/openrouter/api/v1`,
        SWITCHYARD_SSE_HEARTBEAT_MS: '300',
      },
      yaml: SINGLE_TRY_DEFAULTS + `providers:\n  plain:\n    kind: openai-compatible\n    baseUrl: ${fake.url}/plain/v1\n`,
    });
    const { key } = await gateway.mintKey();
    client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  });

  afterEach(() => {
    expect(fake.unscripted).toEqual([]);
    expect(fake.unconsumed()).toEqual([]);
    fake.reset();
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  const stream = (json: Json, init: RequestInit = {}): Promise<Response> =>
    gateway.request('/v1/chat/completions', { ...init, method: 'POST', json: { messages: MESSAGES, stream: true, ...json } });

  describe('upstream quirks never break the stream', () => {
    it('OpenRouter ": OPENROUTER PROCESSING" comments before, between and after chunks', async () => {
      fake.script(
        'POST',
        '/openrouter/api/v1/chat/completions',
        openrouter.chatStream({ deltas: ['One', ' two', ' three'], processingComments: 3 }),
      );
      const sdkStream = await client.chat.completions.create({
        model: 'openrouter/openai/gpt-4o',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      let text = '';
      for await (const part of sdkStream) text += part.choices[0]?.delta?.content ?? '';
      expect(text).toBe('One two three');
    });

    it('a JSON chunk split across two TCP writes arrives whole', async () => {
      const first = JSON.stringify(chunk('Hello'));
      const cut = first.indexOf('Hel') + 3;
      fake.script('POST', OPENAI_PATH, {
        sse: [
          { raw: `data: ${first.slice(0, cut)}` },
          { delayMs: 60 },
          { raw: `${first.slice(cut)}\n` },
          { delayMs: 60 },
          { raw: '\n' },
          { raw: `data: ${JSON.stringify(chunk(', world'))}\r\n\r\n` },
          { data: chunk('', 'stop') },
          { data: '[DONE]' },
        ],
      });
      const res = await stream({ model: 'openai/gpt-4o' });
      const text = await res.text();
      expect(contentOf(text)).toBe('Hello, world');
      expect(dataPayloads(text).at(-1)).toBe('[DONE]');
    });

    it('a malformed data line is dropped, the rest still flows', async () => {
      fake.script('POST', OPENAI_PATH, {
        sse: [{ data: chunk('a') }, { raw: 'data: {"broken\n\n' }, { data: chunk('b', 'stop') }, { data: '[DONE]' }],
      });
      const text = await (await stream({ model: 'openai/gpt-4o' })).text();
      expect(contentOf(text)).toBe('ab');
      expect(dataPayloads(text).at(-1)).toBe('[DONE]');
    });
  });

  describe('no buffering before the answer text', () => {
    it('reasoning deltas reach the client while the answer has not started', async () => {
      const reasoning = {
        ...chunk(''),
        choices: [{ index: 0, delta: { role: 'assistant', reasoning_content: 'Let me think' }, finish_reason: null }],
      };
      fake.script('POST', OPENAI_PATH, { sse: [{ data: reasoning }, { delayMs: 30_000 }, { data: chunk('answer', 'stop') }] });
      // A stuck gateway would send nothing, not even headers, until the answer starts 30 s later.
      const res = await stream({ model: 'openai/o3' }, { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBe(200);
      expect(await readUntil(res, (text) => text.includes('Let me think'))).toContain('reasoning_content');
      await fake.waitForAbort(0, 5000);
    });

    it('tool-call deltas are streamed as they arrive', async () => {
      const [first, args] = openai.chatStream({
        deltas: [],
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
      }).sse;
      fake.script('POST', OPENAI_PATH, { sse: [first, args, { delayMs: 30_000 }, { data: '[DONE]' }] });
      const res = await stream(
        { model: 'openai/gpt-4o', tools: [{ type: 'function', function: { name: 'get_weather', parameters: {} } }] },
        { signal: AbortSignal.timeout(5000) },
      );
      const text = await readUntil(res, (t) => t.includes('city'));
      expect(text).toContain('get_weather');
      await fake.waitForAbort(0, 5000);
    });
  });

  describe('[DONE] is always last', () => {
    it('exactly once, after the last chunk, when the upstream ends with it', async () => {
      fake.script('POST', OPENAI_PATH, openai.chatStream({ deltas: ['a', 'b'] }));
      const payloads = dataPayloads(await (await stream({ model: 'openai/gpt-4o' })).text());
      expect(payloads.filter((p) => p === '[DONE]')).toHaveLength(1);
      expect(payloads.at(-1)).toBe('[DONE]');
    });

    it('when the upstream closes without [DONE]', async () => {
      fake.script('POST', OPENAI_PATH, { sse: [{ data: chunk('a') }, { data: chunk('', 'stop') }] });
      const text = await (await stream({ model: 'openai/gpt-4o' })).text();
      expect(contentOf(text)).toBe('a');
      expect(dataPayloads(text).at(-1)).toBe('[DONE]');
    });
  });

  describe('mid-stream upstream failure', () => {
    it('OpenAI data: {"error"} after content becomes a gateway error event, then [DONE]', async () => {
      fake.script('POST', OPENAI_PATH, openai.midStreamError({ deltas: ['Hel'] }));
      const res = await stream({ model: 'openai/gpt-4o' });
      expect(res.status).toBe(200);
      const payloads = dataPayloads(await res.text());
      expect(payloads.at(-1)).toBe('[DONE]');
      const error = JSON.parse(payloads.at(-2) as string) as { error: Json };
      expect(error.error).toMatchObject({ code: 'upstream_error', type: 'upstream_error', source: 'provider', truncated: true });
      expect(error.error.message).toContain('The server had an error');
      expect(
        contentOf(
          payloads
            .slice(0, -2)
            .map((p) => `data: ${p}\n\n`)
            .join(''),
        ),
      ).toBe('Hel');
    });

    it('OpenRouter finish_reason "error" chunk becomes the error event; the SDK throws after the content', async () => {
      fake.script('POST', '/openrouter/api/v1/chat/completions', openrouter.midStreamError({ deltas: ['Part'] }));
      const sdkStream = await client.chat.completions.create({
        model: 'openrouter/openai/gpt-4o',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      let text = '';
      const read = async (): Promise<void> => {
        for await (const part of sdkStream) text += part.choices[0]?.delta?.content ?? '';
      };
      await expect(read()).rejects.toThrow('Provider disconnected');
      expect(text).toBe('Part');
    });

    it('a dropped upstream connection ends with an error event, then [DONE]', async () => {
      fake.script('POST', OPENAI_PATH, { sse: [{ data: chunk('a') }, { delayMs: 20 }, { drop: true }] });
      const payloads = dataPayloads(await (await stream({ model: 'openai/gpt-4o' })).text());
      expect(payloads.at(-1)).toBe('[DONE]');
      expect(JSON.parse(payloads.at(-2) as string)).toMatchObject({ error: { code: 'upstream_error', truncated: true } });
    });

    it('a failure before any content is a plain HTTP error, not a 200 stream', async () => {
      fake.script('POST', OPENAI_PATH, openai.serverError());
      const res = await stream({ model: 'openai/gpt-4o' });
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(((await res.json()) as { error: Json }).error).toMatchObject({
        code: 'upstream_error',
        attempts: [{ provider: 'openai', status: 500 }],
      });
    });
  });

  describe('client disconnect', () => {
    it('aborts the upstream stream', async () => {
      fake.script('POST', OPENAI_PATH, { sse: [{ data: chunk('first') }, { delayMs: 15_000 }, { data: '[DONE]' }] });
      const controller = new AbortController();
      const res = await stream({ model: 'openai/gpt-4o' }, { signal: controller.signal });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const { value } = await reader.read();
      expect(new TextDecoder().decode(value)).toContain('first');
      controller.abort();
      const aborted = await fake.waitForAbort(0, 5000);
      expect(aborted.path).toBe(OPENAI_PATH);
    });

    it('aborts a non-streaming upstream request', async () => {
      fake.script('POST', OPENAI_PATH, { ...openai.chatCompletion(), delayMs: 15_000 });
      const controller = new AbortController();
      const pending = gateway
        .request('/v1/chat/completions', {
          method: 'POST',
          json: { model: 'openai/gpt-4o', messages: MESSAGES },
          signal: controller.signal,
        })
        .catch((error: unknown) => error);
      await fake.waitForRequests(1);
      controller.abort();
      await fake.waitForAbort(0, 5000);
      expect(await pending).toMatchObject({ name: 'AbortError' });
      // The gateway is still fine afterwards.
      const after = await gateway.request('/v1/chat/completions', { method: 'POST', json: { model: 'mock/echo', messages: MESSAGES } });
      expect(after.status).toBe(200);
    });

    it('aborts the upstream while it is still silent before the first token', async () => {
      fake.script('POST', OPENAI_PATH, { sse: [{ delayMs: 15_000 }, { data: chunk('late') }] });
      const controller = new AbortController();
      const pending = stream({ model: 'openai/gpt-4o' }, { signal: controller.signal }).catch((error: unknown) => error);
      await fake.waitForRequests(1);
      controller.abort();
      await fake.waitForAbort(0, 5000);
      await pending;
    });
  });

  describe('usage', () => {
    it("is the upstream's, in a final choices:[] chunk before [DONE], when the client asked", async () => {
      fake.script('POST', OPENAI_PATH, openai.chatStream({ deltas: ['a', 'b'], usage: { promptTokens: 11, completionTokens: 4 } }));
      const text = await (await stream({ model: 'openai/gpt-4o', stream_options: { include_usage: true } })).text();
      const chunks = jsonChunks(text);
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 11, completion_tokens: 4, total_tokens: 15 } });
      expect(chunks.filter((c) => c.usage)).toHaveLength(1);
      expect(dataPayloads(text).at(-1)).toBe('[DONE]');
    });

    it('is not sent when the client did not ask, though the upstream reported it', async () => {
      fake.script('POST', OPENAI_PATH, openai.chatStream({ deltas: ['a', 'b'], usage: { promptTokens: 11, completionTokens: 4 } }));
      const chunks = jsonChunks(await (await stream({ model: 'openai/gpt-4o' })).text());
      expect(chunks.filter((c) => c.usage)).toEqual([]);
      expect(chunks.filter((c) => Array.isArray(c.choices) && c.choices.length === 0)).toEqual([]);
    });

    it('is counted with the tokenizer when the upstream sends none', async () => {
      fake.script('POST', PLAIN_PATH, compatible.chatStream({ deltas: ['Hello', ' world', '!'] }));
      const sdkStream = await client.chat.completions.create({
        model: 'plain/some-model',
        messages: [{ role: 'user', content: 'hello there' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let usage: OpenAI.CompletionUsage | null | undefined;
      let text = '';
      for await (const part of sdkStream) {
        text += part.choices[0]?.delta?.content ?? '';
        usage = part.usage ?? usage;
      }
      expect(text).toBe('Hello world!');
      expect(usage?.completion_tokens).toBe(countTokens('Hello world!'));
      expect(usage?.prompt_tokens).toBeGreaterThanOrEqual(countTokens('hello there'));
      expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
    });
  });

  describe('heartbeat', () => {
    it('sends comment lines while the upstream is silent between chunks', async () => {
      fake.script('POST', OPENAI_PATH, {
        sse: [{ data: chunk('a') }, { delayMs: 1200 }, { data: chunk('b', 'stop') }, { data: '[DONE]' }],
      });
      const text = await (await stream({ model: 'openai/gpt-4o' })).text();
      expect(comments(text).length).toBeGreaterThanOrEqual(1);
      const frames = parseSseText(text);
      const firstComment = frames.findIndex((f) => 'comment' in f);
      const second = frames.findIndex((f) => 'data' in f && f.data.includes('"b"'));
      expect(firstComment).toBeGreaterThan(0);
      expect(firstComment).toBeLessThan(second);
      expect(contentOf(text)).toBe('ab');
    });
  });
});
