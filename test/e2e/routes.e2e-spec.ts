import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { compatible, FakeUpstream, huggingface, openai, together } from '../fake-upstream/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { dataPayloads, jsonChunks } from '../support/sse.js';

type Json = Record<string, unknown>;

const HF_MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const TOGETHER_MODEL = 'meta-llama/Llama-3.3-70B-Instruct-Turbo';

/** Every REST route of issue 2, driven through the official SDK where it has a method for it. */
describe('REST routes', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        OPENAI_API_KEY: 'sk-routes-openai-0001',
        OPENAI_BASE_URL: `${fake.url}/v1`,
        TOGETHER_API_KEY: 'tg-routes-0001',
        TOGETHER_BASE_URL: `${fake.url}/together/v1`,
        HUGGINGFACE_API_KEY: 'hf_routes0001',
        HUGGINGFACE_BASE_URL: `${fake.url}/hf/v1`,
      },
    });
    const { key } = await gateway.mintKey();
    client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    // Model lists are cached by the gateway, so they are served whenever asked rather than scripted once.
    fake.route('GET', '/v1/models', () => openai.models(['gpt-4o', 'text-embedding-3-small']));
    fake.route('GET', '/together/v1/models', () => together.models([{ id: TOGETHER_MODEL }]));
    fake.route('GET', '/hf/v1/models', () => huggingface.models([{ id: HF_MODEL, providers: [{ provider: 'featherless-ai' }] }]));
  });

  afterEach(() => {
    expect(fake.unscripted).toEqual([]);
    expect(fake.unconsumed()).toEqual([]);
    fake.requests.splice(0);
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  const lastBody = (path: string): Json => fake.requestsTo(path).at(-1)?.body as Json;

  it('POST /v1/chat/completions answers a chat completion', async () => {
    fake.script('POST', '/v1/chat/completions', openai.chatCompletion({ content: 'Hello there', promptTokens: 7, completionTokens: 2 }));
    const completion = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0].message.content).toBe('Hello there');
    expect(completion.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 });
    expect(lastBody('/v1/chat/completions')).toMatchObject({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: false });
  });

  it('POST /v1/chat/completions with stream: true answers server-sent events', async () => {
    fake.script(
      'POST',
      '/v1/chat/completions',
      openai.chatStream({ deltas: ['Str', 'eam', 'ed'], usage: { promptTokens: 3, completionTokens: 3 } }),
    );
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe('Streamed');
    expect(finish).toBe('stop');
    // Usage is always requested upstream, whatever the client asked (contract §5: usage is recorded for every stream).
    expect(lastBody('/v1/chat/completions')).toMatchObject({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true } });
  });

  it('POST /v1/completions answers a text completion', async () => {
    fake.script('POST', '/v1/completions', openai.completion({ text: 'Once upon a time' }));
    const completion = await client.completions.create({ model: 'openai/gpt-3.5-turbo-instruct', prompt: 'Tell a story', max_tokens: 5 });
    expect(completion.choices[0].text).toBe('Once upon a time');
    expect(lastBody('/v1/completions')).toMatchObject({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Tell a story',
      max_tokens: 5,
      stream: false,
    });
  });

  it('POST /v1/completions with stream: true streams text chunks and ends with [DONE]', async () => {
    const chunk = (text: string, finish: string | null): Json => ({
      id: 'cmpl-1',
      object: 'text_completion',
      created: 1,
      model: 'gpt-3.5-turbo-instruct',
      choices: [{ index: 0, text, logprobs: null, finish_reason: finish }],
    });
    fake.script('POST', '/v1/completions', {
      sse: [{ data: chunk('Once', null) }, { data: chunk(' upon', null) }, { data: chunk('', 'length') }, { data: '[DONE]' }],
    });
    const stream = await client.completions.create({ model: 'openai/gpt-3.5-turbo-instruct', prompt: 'Tell', stream: true });
    let text = '';
    for await (const part of stream) text += part.choices[0]?.text ?? '';
    expect(text).toBe('Once upon');
    expect(lastBody('/v1/completions')).toMatchObject({ stream: true, prompt: 'Tell' });
  });

  it('POST /v1/embeddings passes the input through and returns the vectors untouched', async () => {
    const step = openai.embeddings(2, 3);
    fake.script('POST', '/v1/embeddings', step);
    const result = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' });
    expect(result.data.map((item) => item.embedding)).toEqual(
      (step.json as { data: Array<{ embedding: number[] }> }).data.map((d) => d.embedding),
    );
    const body = lastBody('/v1/embeddings');
    expect(body).toEqual({ model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' });
  });

  it('GET /v1/models merges enabled providers with prefixed ids and reports disabled providers with the reason', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(
      [
        'openai/gpt-4o',
        'openai/text-embedding-3-small',
        `together/${TOGETHER_MODEL}`,
        `huggingface/${HF_MODEL}`,
        'mock/echo',
        'mock/lorem',
      ].sort(),
    );

    const res = await gateway.request('/v1/models');
    const body = (await res.json()) as { providers: Array<{ id: string; enabled: boolean; reason: string | null }> };
    const byId = Object.fromEntries(body.providers.map((p) => [p.id, p]));
    expect(byId.openai).toEqual({ id: 'openai', enabled: true, reason: null });
    expect(byId.mock).toEqual({ id: 'mock', enabled: true, reason: null });
    expect(byId.venice).toEqual({ id: 'venice', enabled: false, reason: expect.stringContaining('VENICE_API_KEY') });
    expect(byId.openrouter.reason).toContain('OPENROUTER_API_KEY');
    expect(byId.featherless.enabled).toBe(false);
  });

  it('GET /v1/models/{provider}/{id} returns one model, also when the SDK percent-encodes the slash', async () => {
    const viaSdk = await client.models.retrieve('openai/gpt-4o');
    expect(viaSdk).toMatchObject({ id: 'openai/gpt-4o', object: 'model', owned_by: 'system' });

    const res = await gateway.request(`/v1/models/together/${TOGETHER_MODEL}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: `together/${TOGETHER_MODEL}`, provider: 'together', context_length: 131_072 });

    const missing = await gateway.request('/v1/models/openai/gpt-9');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: Json }).error).toMatchObject({ code: 'model_not_found', param: 'model' });

    const disabled = await gateway.request('/v1/models/venice/llama-3.3-70b');
    expect(disabled.status).toBe(404);
    expect(((await disabled.json()) as { error: { message: string } }).error.message).toContain('VENICE_API_KEY');
  });

  it("POST /api/{provider}/chat/completions goes straight to that provider with the provider's own model id", async () => {
    fake.script('POST', '/together/v1/chat/completions', together.chatCompletion({ content: 'direct' }));
    const res = await gateway.request('/api/together/chat/completions', {
      method: 'POST',
      json: { model: TOGETHER_MODEL, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-provider')).toBe('together');
    expect(((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toBe('direct');
    expect(lastBody('/together/v1/chat/completions')).toMatchObject({ model: TOGETHER_MODEL });
    expect(fake.requestsTo('/together/v1/chat/completions')[0].headers.authorization).toBe('Bearer tg-routes-0001');
  });

  it('POST /api/{provider}/chat/completions streams too', async () => {
    fake.script('POST', '/together/v1/chat/completions', together.chatStream({ deltas: ['a', 'b'] }));
    const res = await gateway.request('/api/together/chat/completions', {
      method: 'POST',
      json: { model: TOGETHER_MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true },
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const content = jsonChunks(text).map((c) => (c.choices as Array<{ delta?: { content?: string } }>)[0]?.delta?.content ?? '');
    expect(content.join('')).toBe('ab');
    expect(dataPayloads(text).at(-1)).toBe('[DONE]');
  });

  it('POST /api/huggingface/featherless/chat/completions pins the HF router to Featherless with ":featherless-ai"', async () => {
    fake.script(
      'POST',
      '/hf/v1/chat/completions',
      compatible.chatCompletion({ content: 'via featherless', model: `${HF_MODEL}:featherless-ai` }),
    );
    const direct = new OpenAI({ apiKey: client.apiKey, baseURL: `${gateway.url}/api/huggingface/featherless`, maxRetries: 0 });
    const completion = await direct.chat.completions.create({ model: HF_MODEL, messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0].message.content).toBe('via featherless');
    expect(lastBody('/hf/v1/chat/completions')).toMatchObject({ model: `${HF_MODEL}:featherless-ai` });
    expect(fake.requestsTo('/hf/v1/chat/completions')[0].headers.authorization).toBe('Bearer hf_routes0001');
  });
});
