import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { FakeUpstream } from '../fake-upstream.js';
import { goDuration, huggingface, openai, openrouter, together, venice } from '../index.js';

/** The official OpenAI client is the reference parser: if it reads a flavor, so must the gateway. */
describe('flavors through the OpenAI SDK', () => {
  let fake: FakeUpstream;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    client = new OpenAI({ apiKey: 'sk-test', baseURL: `${fake.url}/v1`, maxRetries: 0 });
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await fake.close();
  });

  it('openai.chatStream: role first, usage:null chunks, then a choices:[] usage chunk', async () => {
    fake.script(
      'POST',
      '/v1/chat/completions',
      openai.chatStream({ deltas: ['Hel', 'lo'], usage: { promptTokens: 3, completionTokens: 2 } }),
    );

    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hello');
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
  });

  it('openai.chatStream: tool-call arguments arrive in fragments that concatenate', async () => {
    const call = { id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' };
    fake.script('POST', '/v1/chat/completions', openai.chatStream({ deltas: [], toolCalls: [call] }));

    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [], stream: true });
    let args = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }

    expect(args).toBe(call.arguments);
    expect(finish).toBe('tool_calls');
  });

  it('openai.midStreamError makes the SDK throw after the first content', async () => {
    fake.script('POST', '/v1/chat/completions', openai.midStreamError({ deltas: ['Hi'] }));

    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [], stream: true });
    const read = async (): Promise<void> => {
      for await (const chunk of stream) expect(chunk.choices[0]?.delta.content).toBe('Hi');
    };

    await expect(read()).rejects.toThrow('The server had an error');
  });

  it('openai.rateLimited carries retry-after-ms that the SDK honours', async () => {
    fake.script('POST', '/v1/chat/completions', openai.rateLimited({ retryAfterMs: 5 }), openai.chatCompletion({ content: 'ok' }));

    const res = await client.chat.completions.create({ model: 'gpt-4o', messages: [] }, { maxRetries: 1 });

    expect(res.choices[0]?.message.content).toBe('ok');
    expect(fake.requests).toHaveLength(2);
  });

  it('openrouter.chatStream: keep-alive comments are ignored and usage has cost', async () => {
    fake.script('POST', '/v1/chat/completions', openrouter.chatStream({ deltas: ['a', 'b'], cost: 0.5, processingComments: 2 }));

    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('ab');
    expect(chunks.at(-1)?.usage).toMatchObject({ cost: 0.5, total_tokens: 15 });
  });
});

describe('flavor shapes', () => {
  it('formats OpenAI reset headers as Go durations', () => {
    expect([0, 12, 1000, 1500, 360_000, 3_723_000].map(goDuration)).toEqual(['0s', '12ms', '1s', '1.5s', '6m0s', '1h2m3s']);
    expect(openai.rateLimited({ retryAfterS: 2 }).headers).toMatchObject({ 'retry-after': '2', 'x-ratelimit-reset-tokens': '2s' });
  });

  it('openrouter errors use the numeric code shape and prices are strings', () => {
    expect(openrouter.insufficientCredits()).toMatchObject({ status: 402, json: { error: { code: 402 } } });
    expect(openrouter.rateLimited({ retryAfterS: 3 }).headers).toMatchObject({ 'Retry-After': '3', 'X-RateLimit-Remaining': '0' });
    expect(openrouter.models([{ id: 'x/y:free', pricing: { prompt: '0' } }]).json).toMatchObject({
      data: [{ id: 'x/y:free', pricing: { prompt: '0', completion: '0.00001' } }],
    });
  });

  it('together models are a bare array and streams end with eos plus usage', () => {
    expect(Array.isArray(together.models([{ id: 'a/b' }]).json)).toBe(true);
    const frames = together.chatStream({ deltas: ['x'] }).sse;
    expect(frames.at(-1)).toEqual({ data: '[DONE]' });
    expect(frames.at(-2)).toMatchObject({ data: { choices: [{ finish_reason: 'eos' }], usage: { total_tokens: 15 } } });
    expect(together.dynamicRateLimited({ status: 503 })).toMatchObject({ status: 503, json: { id: expect.any(String) } });
  });

  it('venice resets requests at a Unix timestamp and tokens in seconds', () => {
    const now = Math.floor(Date.now() / 1000);
    const headers = venice.rateLimited().headers ?? {};
    expect(Number(headers['x-ratelimit-reset-requests'])).toBeGreaterThanOrEqual(now);
    expect(headers['x-ratelimit-reset-tokens']).toBe('60');
    expect(venice.insufficientBalance().json).toEqual({ error: expect.any(String) });
  });

  it('huggingface loading is a 503 with a float estimated_time', () => {
    expect(huggingface.loading(20.5, 'a/b')).toEqual({
      status: 503,
      json: { error: 'Model a/b is currently loading', estimated_time: 20.5 },
    });
  });
});
