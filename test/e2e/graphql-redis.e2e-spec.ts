import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { connect, Recorder, type WsConnection } from '../support/graphql.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const USAGE_EVENTS = 'subscription { usageEvents { requestId provider model outcome streamed usage { completionTokens } } }';

async function restChat(gateway: TestGateway, stream = false): Promise<string> {
  const res = await gateway.request('/v1/chat/completions', {
    method: 'POST',
    json: { model: 'mock/lorem', max_tokens: 5, stream, messages: [{ role: 'user', content: 'hi' }] },
  });
  if (res.status !== 200) throw new Error(`chat failed: ${res.status}`);
  await res.text();
  return res.headers.get('x-request-id') as string;
}

describe('GraphQL events across two gateway processes sharing Redis', () => {
  const prefix = `sy-test-${randomBytes(6).toString('hex')}:`;
  const channel = `${prefix}graphql:usage-events`;
  let a: TestGateway;
  let b: TestGateway;
  let redis: Redis;
  const sockets: WsConnection[] = [];

  /** The subscriber's SUBSCRIBE has reached Redis (graphql-ws sends no acknowledgement of a subscription). */
  async function subscribers(count: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const [, n] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
      if (Number(n) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no ${count} subscribers on ${channel}`);
  }

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    const env = { REDIS_URL, SWITCHYARD_REDIS_PREFIX: prefix };
    [a, b] = await Promise.all([startGateway({ env }), startGateway({ env })]);
  });

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    redis?.disconnect();
  });

  it('a dashboard on instance A sees the requests served by instance B', async () => {
    const socket = connect(a);
    sockets.push(socket);
    const usage = new Recorder(socket.client, USAGE_EVENTS);
    await subscribers(1);
    const onB = await restChat(b);
    const streamedOnB = await restChat(b, true);
    const onA = await restChat(a);
    const seen = (id: string) => () => usage.values<{ requestId: string }>('usageEvents').some((e) => e.requestId === id);
    await usage.waitFor(seen(onB), `B's request ${onB}`);
    await usage.waitFor(seen(streamedOnB), `B's streamed request ${streamedOnB}`);
    await usage.waitFor(seen(onA), `A's own request ${onA}`);
    const events = usage.values<Record<string, unknown>>('usageEvents');
    expect(events.find((e) => e.requestId === streamedOnB)).toMatchObject({
      provider: 'mock',
      model: 'lorem',
      outcome: 'OK',
      streamed: true,
      usage: { completionTokens: 5 },
    });
    expect(events.filter((e) => e.requestId === onB)).toHaveLength(1);
  });

  it('unsubscribing leaves the Redis channel', async () => {
    const socket = connect(b);
    sockets.push(socket);
    const usage = new Recorder(socket.client, USAGE_EVENTS);
    await subscribers(1);
    usage.unsubscribe();
    for (let i = 0; i < 200; i++) {
      const [, n] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
      if (Number(n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the subscription stayed on ${channel}`);
  });
});
