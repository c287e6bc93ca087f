import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeUpstream, openai, together } from '../fake-upstream/index.js';
import { chat, chatStream, streamedText } from '../support/chat.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

const TOGETHER = '/together/v1/chat/completions';
const OPENAI = '/openai/v1/chat/completions';
// Long enough that the refused request surely comes before it ends, even on a loaded machine.
const COOLDOWN_MS = 1000;

const YAML = `
defaults:
  retry: { maxAttempts: 1 }
providers:
  together:
    circuit: { failureThreshold: 2, windowMs: 10000, cooldownMs: ${COOLDOWN_MS} }
    timeouts: { idleMs: 300 }
  openai:
    concurrency: { limit: 1, maxQueue: 1, queueTimeoutMs: 5000 }
routes:
  chain:
    targets: [together/llama, openai/gpt-4o-mini]
`;

function env(fake: FakeUpstream): Record<string, string> {
  return {
    TOGETHER_API_KEY: 'tg-circuit-key',
    TOGETHER_BASE_URL: `${fake.url}/together/v1`,
    OPENAI_API_KEY: 'sk-circuit-key',
    OPENAI_BASE_URL: `${fake.url}/openai/v1`,
  };
}

describe('circuit breaker, concurrency limit and stream failures', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({ env: env(fake), yaml: YAML });
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

  it('opens a circuit after the threshold, refuses without calling upstream, probes after the cooldown and closes', async () => {
    fake.script('POST', TOGETHER, together.overloaded());
    expect((await chat(gateway, 'together/circuit-model')).status).toBe(502);
    expect(gateway.output()).not.toContain('Circuit together/circuit-model opened');
    fake.script('POST', TOGETHER, together.overloaded());
    expect((await chat(gateway, 'together/circuit-model')).status).toBe(502);

    const refused = await chat(gateway, 'together/circuit-model');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.error).toMatchObject({
      code: 'no_provider_available',
      source: 'gateway',
      attempts: [{ provider: 'together', code: 'circuit_open', skipped: true }],
    });
    expect(fake.requestsTo(TOGETHER)).toHaveLength(2);

    await sleep(COOLDOWN_MS + 50);
    fake.script('POST', TOGETHER, together.chatCompletion(), together.chatCompletion());
    const probe = await chat(gateway, 'together/circuit-model');
    expect(probe.status).toBe(200);
    expect((await chat(gateway, 'together/circuit-model')).status).toBe(200);
    expect(fake.requestsTo(TOGETHER)).toHaveLength(4);
  });

  it('queues requests beyond the concurrency limit and refuses beyond the queue', async () => {
    // The first answer takes long enough that the other two surely arrive while it is in flight.
    fake.script('POST', OPENAI, { ...openai.chatCompletion({ content: 'slow' }), delayMs: 1000 }, openai.chatCompletion());
    const first = chat(gateway, 'openai/gpt-4o-mini');
    await fake.waitForRequests(1);
    const [second, third] = await Promise.all([chat(gateway, 'openai/gpt-4o-mini'), chat(gateway, 'openai/gpt-4o-mini')]);
    expect((await first).status).toBe(200);
    const statuses = [second.status, third.status].sort();
    expect(statuses).toEqual([200, 503]);
    const refused = second.status === 503 ? second : third;
    expect(refused.body.error).toMatchObject({
      code: 'no_provider_available',
      attempts: [{ code: 'concurrency_queue_full', skipped: true }],
    });
    const [slow, queued] = fake.requestsTo(OPENAI);
    expect(queued.at - slow.at).toBeGreaterThanOrEqual(1000);
  });

  it('holds the concurrency slot for the whole stream', async () => {
    fake.script('POST', OPENAI, openai.chatStream({ deltas: ['a', 'b', 'c'], interChunkDelayMs: 150 }), openai.chatCompletion());
    const streaming = chatStream(gateway, 'openai/gpt-4o-mini');
    await fake.waitForRequests(1);
    const after = await chat(gateway, 'openai/gpt-4o-mini');
    expect(after.status).toBe(200);
    expect(streamedText((await streaming).data)).toBe('abc');
    const [stream, next] = fake.requestsTo(OPENAI);
    expect(next.at - stream.at).toBeGreaterThanOrEqual(300);
  });

  it('ends a stream that fails after its first content with a truncated error event, without failing over', async () => {
    // The pause lets the first frame arrive before the connection resets.
    fake.script('POST', TOGETHER, { sse: [together.chatStream({ deltas: ['Hel'] }).sse[0], { delayMs: 50 }, { drop: true }] });
    const stream = await chatStream(gateway, 'chain');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('x-switchyard-provider')).toBe('together');
    expect(streamedText(stream.data)).toBe('Hel');
    expect(stream.data.at(-2)).toMatchObject({
      error: { truncated: true, source: 'provider', attempts: [{ provider: 'together', status: 200, outcome: 'truncated' }] },
    });
    expect(stream.data.at(-1)).toBe('[DONE]');
    expect(fake.requestsTo(OPENAI)).toHaveLength(0);
  });

  it('treats a stream that stalls after content as failed once idle past the timeout', async () => {
    const [first, ...rest] = together.chatStream({ deltas: ['Hel', 'lo'] }).sse;
    fake.script('POST', TOGETHER, { sse: [first, { delayMs: 5000 }, ...rest] });
    const stream = await chatStream(gateway, 'together/stall-model');
    expect(streamedText(stream.data)).toBe('Hel');
    expect(stream.data.at(-2)).toMatchObject({
      error: { code: 'upstream_timeout', truncated: true, attempts: [{ code: 'stream_idle_timeout', outcome: 'truncated' }] },
    });
    await fake.waitForAbort(0);
  });

  it('fails over when a stream stalls before its first content', async () => {
    fake.script('POST', TOGETHER, { sse: [{ comment: 'processing' }, { delayMs: 5000 }] });
    fake.script('POST', OPENAI, openai.chatStream({ deltas: ['fresh'] }));
    const stream = await chatStream(gateway, 'chain');
    expect(stream.headers.get('x-switchyard-provider')).toBe('openai');
    expect(stream.headers.get('x-switchyard-attempts-detail')).toContain('stream_idle_timeout');
    expect(streamedText(stream.data)).toBe('fresh');
  });
});

describe('circuits shared through Redis', () => {
  let fake: FakeUpstream;
  const gateways: TestGateway[] = [];

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    const shared = {
      ...env(fake),
      REDIS_URL: 'redis://127.0.0.1:6379',
      SWITCHYARD_REDIS_PREFIX: `sy-test-${randomBytes(6).toString('hex')}:`,
    };
    const yaml = YAML.replace(`cooldownMs: ${COOLDOWN_MS}`, 'cooldownMs: 30000');
    gateways.push(await startGateway({ env: shared, yaml }), await startGateway({ env: shared, yaml }));
  });

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await fake?.close();
  });

  // Probing and closing across instances is covered, on a fake clock, by redis-circuit-store.spec.ts.
  it('a circuit opened by one instance refuses requests on another', async () => {
    const [a, b] = gateways;
    fake.script('POST', TOGETHER, together.overloaded(), together.overloaded());
    expect((await chat(a, 'together/shared-model')).status).toBe(502);
    expect((await chat(a, 'together/shared-model')).status).toBe(502);
    const refused = await chat(b, 'together/shared-model');
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'no_provider_available', attempts: [{ code: 'circuit_open', skipped: true }] });
    expect(fake.requestsTo(TOGETHER)).toHaveLength(2);
    expect(fake.unscripted).toEqual([]);
  });
});
