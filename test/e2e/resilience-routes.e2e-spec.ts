import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, openai, openrouter, together, venice } from '../fake-upstream/index.js';
import { chat, chatStream, streamedText } from '../support/chat.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

const TOGETHER = '/together/v1/chat/completions';
const OPENAI = '/openai/v1/chat/completions';
const VENICE = '/venice/api/v1/chat/completions';
const OPENROUTER = '/openrouter/api/v1/chat/completions';

const YAML = `
defaults:
  retry: { maxAttempts: 1 }
  circuit: { failureThreshold: 100 }
providers:
  openai:
    retry: { maxAttempts: 2, baseDelayMs: 10, jitter: none }
routes:
  chain:
    targets: [together/meta-llama/Llama-3.3-70B-Instruct-Turbo, openai/gpt-4o-mini]
  balanced:
    strategy: loadbalance
    targets:
      - { model: together/heavy, weight: 3 }
      - { model: openai/light, weight: 1 }
  tiers:
    strategy: priority
    targets:
      - { model: openai/backup, tier: 1 }
      - { model: together/first, tier: 0 }
      - { model: venice/second, tier: 0 }
  long-context:
    targets: [openai/gpt-4o-mini]
    contextFallback: [together/long-128k]
  analysis:
    targets: [together/analyst]
    temperature: 0.2
    maxTokens: 512
`;

describe('routes: failover, strategies, models[] and context fallbacks', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  const sent = (path: string): Array<Record<string, unknown>> => fake.requestsTo(path).map((req) => req.body as Record<string, unknown>);

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        TOGETHER_API_KEY: 'tg-routes-key',
        TOGETHER_BASE_URL: `${fake.url}/together/v1`,
        OPENAI_API_KEY: 'sk-routes-key',
        OPENAI_BASE_URL: `${fake.url}/openai/v1`,
        VENICE_API_KEY: 've-routes-key',
        VENICE_BASE_URL: `${fake.url}/venice/api/v1`,
        OPENROUTER_API_KEY: 'sk-or-v1-routes',
        OPENROUTER_BASE_URL: `${fake.url}/openrouter/api/v1`,
      },
      yaml: YAML,
    });
  });

  afterEach(() => {
    const leftovers = { unscripted: [...fake.unscripted], unconsumed: fake.unconsumed() };
    fake.reset();
    expect(leftovers).toEqual({ unscripted: [], unconsumed: [] });
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('fails over across providers and says where the answer came from', async () => {
    fake.script('POST', TOGETHER, together.overloaded());
    fake.script('POST', OPENAI, openai.chatCompletion({ content: 'from openai' }));
    const res = await chat(gateway, 'chain');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ choices: [{ message: { content: 'from openai' } }] });
    expect(res.headers.get('x-switchyard-provider')).toBe('openai');
    expect(res.headers.get('x-switchyard-model')).toBe('gpt-4o-mini');
    expect(res.headers.get('x-switchyard-attempts')).toBe('2');
    expect(res.headers.get('x-switchyard-attempts-detail')).toMatch(
      /^together\/meta-llama\/Llama-3.3-70B-Instruct-Turbo together#1 503 server_error [\d.]+ms server failover:attempts_exhausted; openai\/gpt-4o-mini openai#1 200 - [\d.]+ms ok$/,
    );
    const [toOpenAI] = fake.requestsTo(OPENAI);
    expect(toOpenAI.headers.authorization).toBe('Bearer sk-routes-key');
    expect((toOpenAI.body as { model: string }).model).toBe('gpt-4o-mini');
  });

  it('answers 502 with every attempt when all targets fail', async () => {
    fake.script('POST', TOGETHER, together.overloaded());
    fake.script('POST', OPENAI, openai.serverError(), openai.serverError());
    const res = await chat(gateway, 'chain');
    expect(res.status).toBe(502);
    expect(res.headers.get('x-switchyard-attempts')).toBe('3');
    expect(res.body.error).toMatchObject({
      code: 'upstream_error',
      source: 'provider',
      attempts: [
        { provider: 'together', keyAlias: 'together#1', status: 503, outcome: 'server', action: 'failover' },
        { provider: 'openai', keyAlias: 'openai#1', status: 500, outcome: 'server', action: 'retry', reason: 'backoff', waitMs: 10 },
        { provider: 'openai', status: 500, action: 'stop', reason: 'attempts_exhausted' },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain('sk-routes-key');
  });

  it('fails a stream over before its first content chunk', async () => {
    fake.script('POST', TOGETHER, { sse: [{ data: { error: { message: 'engine crashed', type: 'server_error' } } }] });
    fake.script('POST', OPENAI, openai.chatStream({ deltas: ['Hel', 'lo'] }));
    const stream = await chatStream(gateway, 'chain');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('x-switchyard-provider')).toBe('openai');
    expect(stream.headers.get('x-switchyard-attempts')).toBe('2');
    expect(streamedText(stream.data)).toBe('Hello');
    expect(stream.data.at(-1)).toBe('[DONE]');
  });

  it('load-balances by weight, deterministically (3:1 over 8 requests)', async () => {
    fake.route('POST', TOGETHER, () => together.chatCompletion());
    fake.route('POST', OPENAI, () => openai.chatCompletion());
    const served: string[] = [];
    for (let i = 0; i < 8; i++) served.push((await chat(gateway, 'balanced')).headers.get('x-switchyard-provider') ?? '');
    expect(served).toEqual(['together', 'together', 'openai', 'together', 'together', 'together', 'openai', 'together']);
  });

  it('tries the best priority tier first, balancing within it, and the next tier only when it fails', async () => {
    fake.script('POST', TOGETHER, together.chatCompletion(), together.overloaded());
    fake.script('POST', VENICE, venice.modelAtCapacity());
    fake.script('POST', OPENAI, openai.chatCompletion({ content: 'tier one' }));
    const first = await chat(gateway, 'tiers');
    expect(first.headers.get('x-switchyard-provider')).toBe('together');
    const second = await chat(gateway, 'tiers');
    expect(second.body).toMatchObject({ choices: [{ message: { content: 'tier one' } }] });
    expect(second.headers.get('x-switchyard-attempts-detail')).toMatch(
      /^venice\/second .* failover.*; together\/first .* failover.*; openai\/backup /,
    );
  });

  it('takes per-request models[] fallbacks for any provider and keeps the field from upstreams', async () => {
    fake.script('POST', TOGETHER, together.overloaded());
    fake.script('POST', OPENAI, openai.chatCompletion({ content: 'fallback' }));
    const res = await chat(gateway, 'together/primary', { models: ['together/primary', 'openai/gpt-4o-mini'] });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-provider')).toBe('openai');
    expect(sent(TOGETHER)[0]).not.toHaveProperty('models');
    expect(sent(OPENAI)[0]).not.toHaveProperty('models');
  });

  it('passes models[] through to OpenRouter, which does its own fallbacks', async () => {
    fake.script('POST', OPENROUTER, openrouter.chatCompletion({ model: 'anthropic/claude-3.5-sonnet' }));
    const models = ['openai/gpt-4o', 'anthropic/claude-3.5-sonnet'];
    const res = await chat(gateway, 'openrouter/openai/gpt-4o', { models });
    expect(res.status).toBe(200);
    expect(sent(OPENROUTER)[0]).toMatchObject({ model: 'openai/gpt-4o', models });
  });

  it('names the models[] entry that cannot be resolved', async () => {
    // A bare id is looked up in every enabled provider's model list (contract §2 rule 4).
    fake.script('GET', '/together/v1/models', together.models([]));
    fake.script('GET', '/openai/v1/models', openai.models([]));
    fake.script('GET', '/venice/api/v1/models', { json: { object: 'list', data: [] } });
    fake.script('GET', '/openrouter/api/v1/models', openrouter.models([]));
    const res = await chat(gateway, 'together/primary', { models: ['no-such-model'] });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'model_not_found', param: 'models' });
    expect(res.body.error).toHaveProperty('message', expect.stringContaining('models[0]'));
  });

  it('moves to the longer-context target when the prompt is too long', async () => {
    fake.script('POST', OPENAI, openai.contextLengthExceeded());
    fake.script('POST', TOGETHER, together.chatCompletion({ content: 'read it all' }));
    const res = await chat(gateway, 'long-context');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-model')).toBe('long-128k');
    expect(res.headers.get('x-switchyard-attempts-detail')).toContain('context_length context_fallback');
  });

  it('applies a task route its temperature and max_tokens unless the request sets them', async () => {
    fake.script('POST', TOGETHER, together.chatCompletion(), together.chatCompletion());
    await chat(gateway, 'analysis');
    await chat(gateway, 'analysis', { temperature: 0.9 });
    expect(sent(TOGETHER).map((body) => [body.model, body.temperature, body.max_tokens])).toEqual([
      ['analyst', 0.2, 512],
      ['analyst', 0.9, 512],
    ]);
  });
});
