import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { compatible, FakeUpstream, featherless, huggingface, openai, together, venice } from '../fake-upstream/index.js';
import { chat, chatStream, streamedText } from '../support/chat.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

const FEATHERLESS = '/featherless/v1/chat/completions';
const HF_TASK = '/hf/models/facebook/bart-large-cnn';
const TOGETHER = '/together/v1/chat/completions';
const OPENAI = '/openai/v1/chat/completions';
const HF_ROUTER = '/hf-router/v1/chat/completions';
const VENICE = '/venice/api/v1/chat/completions';
const COLD_RETRY_MS = 80;

const YAML = `
defaults:
  retry: { maxAttempts: 3, baseDelayMs: 20, jitter: none }
  circuit: { failureThreshold: 100 }
providers:
  featherless:
    coldStart: { retryDelayMs: ${COLD_RETRY_MS}, maxWaitMs: 5000 }
routes:
  summarise:
    targets: [huggingface-inference/facebook/bart-large-cnn, featherless/warm-summariser]
  venice-first:
    targets: [venice/llama-3.3-70b, featherless/warm]
`;

describe('cold starts, key pools and rate-limit headers', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  const auths = (path: string): string[] => fake.requestsTo(path).map((req) => req.headers.authorization);

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        FEATHERLESS_API_KEY: 'fl-key',
        FEATHERLESS_BASE_URL: `${fake.url}/featherless/v1`,
        HUGGINGFACE_INFERENCE_API_KEY: 'hf_task_key',
        HUGGINGFACE_INFERENCE_URL: `${fake.url}/hf`,
        HUGGINGFACE_API_KEY: 'hf_refused_key',
        HUGGINGFACE_BASE_URL: `${fake.url}/hf-router/v1`,
        TOGETHER_API_KEY: 'tg-bad-key,tg-good-key',
        TOGETHER_BASE_URL: `${fake.url}/together/v1`,
        OPENAI_API_KEY: 'sk-first-key,sk-second-key',
        OPENAI_BASE_URL: `${fake.url}/openai/v1`,
        VENICE_API_KEY: 've-only-key',
        VENICE_BASE_URL: `${fake.url}/venice/api/v1`,
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

  it('waits out a Featherless cold 400 and retries after the configured pause', async () => {
    fake.script('POST', FEATHERLESS, featherless.coldModel(), compatible.chatCompletion({ content: 'warm now' }));
    const res = await chat(gateway, 'featherless/meta-llama/Meta-Llama-3.1-70B-Instruct');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ choices: [{ message: { content: 'warm now' } }] });
    const [cold, warm] = fake.requestsTo(FEATHERLESS);
    expect(warm.at - cold.at).toBeGreaterThanOrEqual(COLD_RETRY_MS);
    expect(res.headers.get('x-switchyard-attempts-detail')).toContain(`400 model_cold`);
    expect(res.headers.get('x-switchyard-attempts-detail')).toContain(`retry:cold_start ${COLD_RETRY_MS}ms`);
  });

  it('tells a streaming client the model is warming, in SSE comments, before the answer', async () => {
    fake.script('POST', FEATHERLESS, featherless.coldModel(), compatible.chatStream({ deltas: ['ready', '!'] }));
    const stream = await chatStream(gateway, 'featherless/meta-llama/Meta-Llama-3.1-70B-Instruct');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('x-switchyard-provider')).toBe('featherless');
    expect(stream.comments[0]).toMatch(/^warming featherless\/meta-llama\/Meta-Llama-3.1-70B-Instruct: the model is loading; retrying in/);
    expect(stream.comments).toContain('answering from featherless/meta-llama/Meta-Llama-3.1-70B-Instruct after 2 attempts');
    expect(streamedText(stream.data)).toBe('ready!');
  });

  it('ends a stream opened for warming with an error event when the model never warms in time', async () => {
    fake.route('POST', FEATHERLESS, () => featherless.coldModel());
    const stream = await chatStream(gateway, 'featherless/always-cold', {}, { 'x-switchyard-timeout-ms': '1000' });
    expect(stream.status).toBe(200);
    expect(stream.comments.filter((comment) => comment.startsWith('warming featherless/always-cold')).length).toBeGreaterThanOrEqual(1);
    expect(stream.data.at(-2)).toMatchObject({ error: { code: 'no_provider_available', truncated: false } });
    expect(stream.data.at(-1)).toBe('[DONE]');
  });

  it('waits as long as Hugging Face estimates for a loading model', async () => {
    fake.script('POST', HF_TASK, huggingface.loading(0.15), huggingface.summarization('short'));
    const res = await chat(gateway, 'huggingface-inference/facebook/bart-large-cnn');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ choices: [{ message: { content: 'short' } }] });
    const [loading, ready] = fake.requestsTo(HF_TASK);
    expect(ready.at - loading.at).toBeGreaterThanOrEqual(150);
  });

  it('fails over to a warm target when the estimate would overrun the deadline', async () => {
    fake.script('POST', HF_TASK, huggingface.loading(30));
    fake.script('POST', FEATHERLESS, compatible.chatCompletion({ content: 'warm elsewhere' }));
    const res = await chat(gateway, 'summarise', {}, { 'x-switchyard-timeout-ms': '5000' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-provider')).toBe('featherless');
    expect(res.headers.get('x-switchyard-attempts-detail')).toContain('503 model_loading');
    expect(res.headers.get('x-switchyard-attempts-detail')).toContain('cold_start failover:deadline');
  });

  it('answers 503 with Retry-After when a lone cold model cannot warm within the deadline', async () => {
    fake.script('POST', HF_TASK, huggingface.loading(30));
    const res = await chat(gateway, 'huggingface-inference/facebook/bart-large-cnn', {}, { 'x-switchyard-timeout-ms': '5000' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.body.error).toMatchObject({ code: 'no_provider_available', source: 'provider' });
  });

  // Together's keys are used by this test only, so the round-robin starts at together#1.
  it('rotates away from a refused key at once, keeps it out and logs only its alias', async () => {
    fake.route('POST', TOGETHER, (req) =>
      req.headers.authorization === 'Bearer tg-bad-key'
        ? together.error(401, 'Invalid API key provided', 'invalid_api_key', 'authentication_error')
        : together.chatCompletion(),
    );
    const first = await chat(gateway, 'together/model');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-switchyard-attempts-detail')).toMatch(
      /^together\/model together#1 401 invalid_api_key .* retry:other_key; together\/model together#2 200/,
    );
    await chat(gateway, 'together/model');
    await chat(gateway, 'together/model');
    expect(auths(TOGETHER)).toEqual(['Bearer tg-bad-key', 'Bearer tg-good-key', 'Bearer tg-good-key', 'Bearer tg-good-key']);
    expect(gateway.output()).toContain('refused key together#1 (401 invalid_api_key)');
    expect(gateway.output()).not.toContain('tg-bad-key');
  });

  it('fails fast with upstream_auth_failed once every key of a pool was refused', async () => {
    fake.script('POST', HF_ROUTER, huggingface.creditsExhausted());
    const first = await chat(gateway, 'huggingface/meta-llama/Llama-3.1-8B-Instruct');
    expect(first.status).toBe(502);
    expect(first.body.error).toMatchObject({ code: 'upstream_auth_failed', source: 'provider', attempts: [{ status: 402 }] });
    const second = await chat(gateway, 'huggingface/meta-llama/Llama-3.1-8B-Instruct');
    expect(second.status).toBe(502);
    expect(second.body.error).toMatchObject({
      code: 'upstream_auth_failed',
      attempts: [{ provider: 'huggingface', code: 'no_usable_key', skipped: true }],
    });
    expect(second.headers.get('x-switchyard-attempts')).toBe('0');
    expect(fake.requestsTo(HF_ROUTER)).toHaveLength(1);
  });

  it('moves to another key at once on a 429 and rests the limited key until its reset', async () => {
    fake.script('POST', OPENAI, openai.rateLimited({ retryAfterS: 30 }), openai.chatCompletion(), openai.chatCompletion());
    const res = await chat(gateway, 'openai/gpt-4o-mini');
    expect(res.status).toBe(200);
    await chat(gateway, 'openai/gpt-4o-mini');
    expect(auths(OPENAI)).toEqual(['Bearer sk-first-key', 'Bearer sk-second-key', 'Bearer sk-second-key']);
  });

  it('routes around a key whose rate-limit headers say its window is used up', async () => {
    const resetAt = Math.floor(Date.now() / 1000) + 60;
    fake.script('POST', VENICE, {
      ...venice.chatCompletion(),
      headers: venice.headers({ remainingRequests: 0, resetRequestsAt: resetAt }),
    });
    fake.script('POST', FEATHERLESS, compatible.chatCompletion({ content: 'routed around' }));
    expect((await chat(gateway, 'venice-first')).headers.get('x-switchyard-provider')).toBe('venice');
    const around = await chat(gateway, 'venice-first');
    expect(around.headers.get('x-switchyard-provider')).toBe('featherless');
    expect(around.headers.get('x-switchyard-attempts')).toBe('1');
    const alone = await chat(gateway, 'venice/llama-3.3-70b');
    expect(alone.status).toBe(503);
    expect(Number(alone.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(alone.body.error).toMatchObject({
      code: 'no_provider_available',
      source: 'gateway',
      attempts: [{ code: 'keys_resting', skipped: true }],
    });
    expect(fake.requestsTo(VENICE)).toHaveLength(1);
  });
});
