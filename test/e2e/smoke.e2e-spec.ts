import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { FakeUpstream, together } from '../fake-upstream/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

describe('gateway smoke: Together through the openai SDK', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({ env: { TOGETHER_API_KEY: 'tg-secret-1', TOGETHER_BASE_URL: `${fake.url}/v1` } });
    const { key } = await gateway.mintKey();
    client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('answers a chat completion and forwards the upstream model id and key', async () => {
    fake.script('POST', '/v1/chat/completions', together.chatCompletion({ content: 'Hi from Together' }));
    const completion = await client.chat.completions.create({
      model: 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo',
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(completion.choices[0].message.content).toBe('Hi from Together');
    const [req] = fake.requestsTo('/v1/chat/completions');
    expect((req.body as { model: string }).model).toBe('meta-llama/Llama-3.3-70B-Instruct-Turbo');
    expect(req.headers.authorization).toBe('Bearer tg-secret-1');
    expect(fake.unscripted).toEqual([]);
  });

  it('streams deltas, maps "eos" to "stop" and reports usage when asked', async () => {
    fake.script('POST', '/v1/chat/completions', together.chatStream({ deltas: ['Hel', 'lo', '!'] }));
    const stream = await client.chat.completions.create({
      model: 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo',
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('Hello!');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 5 });
  });
});
