import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, openai } from '../fake-upstream/index.js';
import { chat } from '../support/chat.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

const PATH = '/v1/chat/completions';
const BASE_DELAY_MS = 60;

describe('retries: backoff, Retry-After and the request deadline (fake upstream log)', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: { OPENAI_API_KEY: 'sk-retry-test-1', OPENAI_BASE_URL: `${fake.url}/v1` },
      // No jitter, so the fake's log has a lower bound to check; circuits stay out of the way.
      yaml: [
        'defaults:',
        '  deadlineMs: 10000',
        `  retry: { maxAttempts: 3, baseDelayMs: ${BASE_DELAY_MS}, maxDelayMs: 1000, jitter: none }`,
        '  circuit: { failureThreshold: 100 }',
      ].join('\n'),
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

  it('retries 500 and 503 with exponential backoff, spaced at least base and twice base apart', async () => {
    fake.script('POST', PATH, openai.serverError(), openai.overloaded503(), openai.chatCompletion({ content: 'third time lucky' }));
    const res = await chat(gateway, 'openai/gpt-4o-mini');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ choices: [{ message: { content: 'third time lucky' } }] });
    const [first, second, third] = fake.requestsTo(PATH);
    expect(second.at - first.at).toBeGreaterThanOrEqual(BASE_DELAY_MS);
    expect(third.at - second.at).toBeGreaterThanOrEqual(2 * BASE_DELAY_MS);
    expect(res.headers.get('x-switchyard-attempts')).toBe('3');
    expect(res.headers.get('x-switchyard-attempts-detail')).toContain(`500 server_error`);
    expect(res.headers.get('x-switchyard-attempts-detail')).toContain(`retry:backoff ${2 * BASE_DELAY_MS}ms`);
  });

  it('honours retry-after-ms on a 429', async () => {
    fake.script('POST', PATH, openai.rateLimited({ retryAfterMs: 250 }), openai.chatCompletion());
    const res = await chat(gateway, 'openai/gpt-4o-mini');
    expect(res.status).toBe(200);
    const [first, second] = fake.requestsTo(PATH);
    expect(second.at - first.at).toBeGreaterThanOrEqual(250);
    expect(res.headers.get('x-switchyard-attempts-detail')).toContain('retry:retry_after 250ms');
  });

  it('honours Retry-After in seconds', async () => {
    fake.script('POST', PATH, openai.rateLimited({ retryAfterS: 1 }), openai.chatCompletion());
    const res = await chat(gateway, 'openai/gpt-4o-mini');
    expect(res.status).toBe(200);
    const [first, second] = fake.requestsTo(PATH);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
  });

  it('never retries a context-length 400', async () => {
    fake.script('POST', PATH, openai.contextLengthExceeded());
    const res = await chat(gateway, 'openai/gpt-4o-mini');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'context_length_exceeded',
      source: 'provider',
      attempts: [{ provider: 'openai', status: 400, outcome: 'context_length', action: 'stop', reason: 'not_retryable' }],
    });
    expect(fake.requestsTo(PATH)).toHaveLength(1);
  });

  it('does not wait for a Retry-After the deadline cannot cover', async () => {
    fake.script('POST', PATH, { ...openai.overloaded503(), headers: { 'retry-after': '5' } });
    const res = await chat(gateway, 'openai/gpt-4o-mini', {}, { 'x-switchyard-timeout-ms': '1500' });
    expect(res.status).toBe(502);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body.error).toMatchObject({ code: 'upstream_error', attempts: [{ status: 503, action: 'stop', reason: 'deadline' }] });
    expect(fake.requestsTo(PATH)).toHaveLength(1);
  });

  it('cuts an upstream that answers after the deadline and cancels it', async () => {
    fake.script('POST', PATH, { ...openai.chatCompletion(), delayMs: 5000 });
    const res = await chat(gateway, 'openai/gpt-4o-mini', {}, { 'x-switchyard-timeout-ms': '300' });
    expect(res.status).toBe(504);
    expect(res.body.error).toMatchObject({
      code: 'upstream_timeout',
      source: 'gateway',
      attempts: [{ provider: 'openai', code: 'deadline_exceeded', action: 'stop' }],
    });
    await fake.waitForAbort(0);
  });

  it('rejects a malformed deadline header by name', async () => {
    const res = await chat(gateway, 'openai/gpt-4o-mini', {}, { 'x-switchyard-timeout-ms': 'soon' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', param: 'x-switchyard-timeout-ms' });
  });
});
