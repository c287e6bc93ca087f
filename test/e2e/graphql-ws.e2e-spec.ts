import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, together } from '../fake-upstream/index.js';
import { SINGLE_TRY_DEFAULTS, startGateway, type TestGateway } from '../support/gateway.js';
import { connect, gql, Recorder, type WsConnection } from '../support/graphql.js';

const TOGETHER_MODEL = 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo';

const CHAT_STREAM = `subscription Stream($input: ChatInput!) {
  chatStream(input: $input) {
    __typename
    ... on ChatStreamDelta { content index toolCalls }
    ... on ChatStreamFailover { fromProvider fromModel upstreamStatus upstreamCode reason toProvider toModel }
    ... on ChatStreamError { code message truncated usage { completionTokens } }
    ... on ChatStreamDone { finishReason usage { promptTokens completionTokens totalTokens estimated } costUsd requestId provider model attempts { provider outcome } }
  }
}`;

const USAGE_EVENTS = `subscription { usageEvents {
  requestId keyId operation route provider model streamed outcome errorCode usage { promptTokens completionTokens estimated } costUsd latencyMs timeToFirstTokenMs attempts finishedAt
} }`;

const PROVIDER_HEALTH = `subscription Health($provider: String) { providerHealth(provider: $provider) {
  provider status circuit latencyMs errorRate usableKeys lastError checkedAt
} }`;

type Event = { __typename: string } & Record<string, unknown>;

const input = (model: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model,
  messages: [{ role: 'user', content: 'hello' }],
  ...extra,
});

/** A REST chat on the mock provider; returns its request id. */
async function restChat(gateway: TestGateway, key: string): Promise<string> {
  const res = await gateway.request('/v1/chat/completions', {
    method: 'POST',
    key,
    json: { model: 'mock/echo', messages: [{ role: 'user', content: 'hi there' }] },
  });
  if (res.status !== 200) throw new Error(`chat failed: ${res.status} ${await res.text()}`);
  return res.headers.get('x-request-id') as string;
}

/** Fires requests until the usage-event subscriber has seen one of them (it subscribes asynchronously). */
async function firstEventOf(recorder: Recorder, fire: () => Promise<string>): Promise<Record<string, unknown>> {
  const sent = new Set<string>();
  for (let attempt = 0; attempt < 20; attempt++) {
    sent.add(await fire());
    const seen = (): Record<string, unknown> | undefined =>
      recorder.values<Record<string, unknown>>('usageEvents').find((e) => sent.has(e.requestId as string));
    try {
      await recorder.waitFor(() => seen() !== undefined, 'a usage event', 500);
      return seen() as Record<string, unknown>;
    } catch {
      // not subscribed yet: fire another request
    }
  }
  throw new Error(`no usage event for ${[...sent].join(', ')}`);
}

describe('GraphQL subscriptions over graphql-ws', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let clientKey: string;
  const sockets: WsConnection[] = [];
  const open = (key?: string | null): WsConnection => {
    const socket = connect(gateway, key);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: { TOGETHER_API_KEY: 'tg-secret-1', TOGETHER_BASE_URL: `${fake.url}/v1` },
      yaml: [
        SINGLE_TRY_DEFAULTS + 'routes:',
        '  flaky:',
        '    strategy: failover',
        '    targets:',
        `      - ${TOGETHER_MODEL}`,
        '      - mock/lorem',
        '',
      ].join('\n'),
    });
    ({ key: clientKey } = await gateway.mintKey({ name: 'ws-client' }));
  });

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('chatStream yields one event per token delta, then done with finishReason and usage', async () => {
    const socket = open(clientKey);
    const stream = new Recorder(socket.client, CHAT_STREAM, { input: input('mock/lorem', { maxTokens: 50 }) });
    await stream.finished();
    expect(stream.error).toBeUndefined();
    const events = stream.values<Event>('chatStream');
    const deltas = events.filter((e) => e.__typename === 'ChatStreamDelta');
    expect(deltas).toHaveLength(50);
    const text = deltas.map((d) => d.content).join('');
    expect(text.split(' ')).toHaveLength(50);
    expect(text.startsWith('lorem ipsum dolor')).toBe(true);
    expect(events.at(-1)).toMatchObject({
      __typename: 'ChatStreamDone',
      finishReason: 'stop',
      usage: { completionTokens: 50, estimated: false },
      costUsd: null,
      provider: 'mock',
      model: 'lorem',
      attempts: [{ provider: 'mock', outcome: 'ok' }],
    });
    expect(events.filter((e) => e.__typename === 'ChatStreamDone')).toHaveLength(1);
  });

  it('chatStream refuses what REST refuses, as GraphQL errors with contract codes', async () => {
    const socket = open(clientKey);
    const missing = new Recorder(socket.client, CHAT_STREAM, { input: input('nope/model') });
    await missing.finished();
    expect(missing.results[0].errors?.[0].extensions).toMatchObject({ code: 'model_not_found' });
    const invalid = new Recorder(socket.client, CHAT_STREAM, { input: input('mock/lorem', { temperature: 9 }) });
    await invalid.finished();
    expect(invalid.results[0].errors?.[0].extensions).toMatchObject({ code: 'invalid_request', param: 'temperature' });
  });

  it('reports a failover before the first token as a typed event', async () => {
    fake.script('POST', '/v1/chat/completions', { status: 503, json: { error: { message: 'overloaded', type: 'server_error' } } });
    const socket = open(clientKey);
    const stream = new Recorder(socket.client, CHAT_STREAM, { input: input('flaky', { maxTokens: 3 }) });
    await stream.finished();
    const events = stream.values<Event>('chatStream');
    expect(events[0]).toEqual({
      __typename: 'ChatStreamFailover',
      fromProvider: 'together',
      fromModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
      upstreamStatus: 503,
      upstreamCode: expect.any(String),
      reason: 'server',
      toProvider: 'mock',
      toModel: 'lorem',
    });
    expect(events.at(-1)).toMatchObject({
      __typename: 'ChatStreamDone',
      provider: 'mock',
      attempts: [{ provider: 'together' }, { provider: 'mock', outcome: 'ok' }],
    });
  });

  it('ends a stream that fails after content with a truncated error event', async () => {
    const socket = open(clientKey);
    const stream = new Recorder(socket.client, CHAT_STREAM, {
      input: input('mock/lorem', { maxTokens: 10, mock: { failAfterChunks: 3 } }),
    });
    await stream.finished();
    const events = stream.values<Event>('chatStream');
    expect(events.filter((e) => e.__typename === 'ChatStreamDelta')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({
      __typename: 'ChatStreamError',
      code: 'upstream_error',
      truncated: true,
      usage: { completionTokens: expect.any(Number) },
    });
  });

  it('unsubscribing aborts the upstream request and bills what was generated', async () => {
    const admin = open();
    const usage = new Recorder(admin.client, USAGE_EVENTS);
    await firstEventOf(usage, () => restChat(gateway, clientKey));
    const slow = together.chatStream({ deltas: ['Hel', 'lo', ' wor', 'ld'] });
    slow.sse.splice(2, 0, { delayMs: 60_000 });
    const index = fake.requests.length;
    fake.script('POST', '/v1/chat/completions', slow);
    const socket = open(clientKey);
    const stream = new Recorder(socket.client, CHAT_STREAM, { input: input(TOGETHER_MODEL) });
    await stream.waitFor(() => stream.values('chatStream').length >= 2, 'two deltas');
    stream.unsubscribe();
    await fake.waitForAbort(index, 5000);
    const aborted = (): Record<string, unknown> | undefined =>
      usage.values<Record<string, unknown>>('usageEvents').find((e) => e.provider === 'together');
    await usage.waitFor(() => aborted() !== undefined, 'the usage event of the aborted stream');
    expect(aborted()).toMatchObject({ streamed: true, outcome: 'CLIENT_ABORTED', usage: { completionTokens: expect.any(Number) } });
    expect((aborted()?.usage as { completionTokens: number }).completionTokens).toBeGreaterThan(0);
  });

  it('closing the socket aborts the upstream request, even before the first byte', async () => {
    const index = fake.requests.length;
    fake.script('POST', '/v1/chat/completions', { hang: true });
    const socket = open(clientKey);
    new Recorder(socket.client, CHAT_STREAM, { input: input(TOGETHER_MODEL) });
    await fake.waitForRequests(index + 1, 5000);
    await socket.close();
    await fake.waitForAbort(index, 5000);
  });

  it('completing a subscription that has not started streaming aborts its upstream request', async () => {
    const index = fake.requests.length;
    fake.script('POST', '/v1/chat/completions', { hang: true });
    const socket = open(clientKey);
    const stream = new Recorder(socket.client, CHAT_STREAM, { input: input(TOGETHER_MODEL) });
    await fake.waitForRequests(index + 1, 5000);
    stream.unsubscribe();
    await fake.waitForAbort(index, 5000);
    const me = new Recorder(socket.client, '{ me { kind } }');
    await me.finished();
    expect(me.results[0].data).toEqual({ me: { kind: 'KEY' } });
  });

  it('closes an unauthenticated socket with 4403', async () => {
    for (const key of [null, 'sy_live_not-a-key']) {
      const socket = open(key);
      expect((await socket.closed).code).toBe(4403);
    }
  });

  it('runs queries over the socket with the same auth and admin rules', async () => {
    const socket = open(clientKey);
    const me = new Recorder(socket.client, '{ me { kind } }');
    await me.finished();
    expect(me.results[0].data).toEqual({ me: { kind: 'KEY' } });
    const keys = new Recorder(socket.client, '{ apiKeys { id } }');
    await keys.finished();
    expect(keys.results[0].errors?.[0].extensions).toMatchObject({ code: 'forbidden' });
  });

  it('refuses usageEvents to a client key with forbidden', async () => {
    const socket = open(clientKey);
    const events = new Recorder(socket.client, USAGE_EVENTS);
    await events.finished();
    expect(events.results[0].errors?.[0].extensions).toMatchObject({ code: 'forbidden' });
    expect(events.results[0].errors?.[0]).not.toHaveProperty('extensions.stacktrace');
  });

  it('usageEvents pushes each finished request, REST or GraphQL, to admin dashboards', async () => {
    const admin = open();
    const usage = new Recorder(admin.client, USAGE_EVENTS);
    const event = await firstEventOf(usage, () => restChat(gateway, clientKey));
    expect(event).toMatchObject({
      keyId: expect.any(String),
      operation: 'chat',
      route: 'mock/echo',
      provider: 'mock',
      model: 'echo',
      streamed: false,
      outcome: 'OK',
      errorCode: null,
      usage: { completionTokens: 4, estimated: false },
      costUsd: null,
      timeToFirstTokenMs: null,
      attempts: 1,
    });
    expect(Date.parse(event.finishedAt as string)).not.toBeNaN();
    const client = open(clientKey);
    const failed = new Recorder(client.client, CHAT_STREAM, { input: input('mock/lorem', { mock: { status: 500 } }) });
    await failed.finished();
    await usage.waitFor(() => usage.values<Record<string, unknown>>('usageEvents').some((e) => e.errorCode !== null), 'the failed stream');
    expect(usage.values<Record<string, unknown>>('usageEvents').find((e) => e.errorCode !== null)).toMatchObject({
      outcome: 'ERROR',
      streamed: true,
      errorCode: 'upstream_error',
    });
  });

  it('providerHealth pushes the change when a provider goes down', async () => {
    const admin = open();
    const health = new Recorder(admin.client, PROVIDER_HEALTH, { provider: 'together' });
    const downEvent = (): Record<string, unknown> | undefined =>
      health.values<Record<string, unknown>>('providerHealth').find((e) => e.status === 'DOWN');
    const chat = async (): Promise<void> => {
      await gateway.request('/v1/chat/completions', {
        method: 'POST',
        key: clientKey,
        json: { model: TOGETHER_MODEL, messages: [{ role: 'user', content: 'hi' }] },
      });
    };
    // The subscriber subscribes asynchronously: fail requests until it sees the provider go down (three in a
    // row do it); should it have missed that, one success brings the provider back and the next failures repeat it.
    for (let attempt = 0; attempt < 20 && !downEvent(); attempt++) {
      const res = await gql<{ provider: { health: { status: string } } }>(gateway, '{ provider(id: "together") { health { status } } }');
      if (res.data?.provider.health.status === 'DOWN') {
        fake.script('POST', '/v1/chat/completions', together.chatCompletion({ content: 'back' }));
      } else {
        fake.script('POST', '/v1/chat/completions', { status: 500, json: { error: { message: 'boom', type: 'server_error' } } });
      }
      await chat();
      await health.waitFor(() => downEvent() !== undefined, 'a down event', 300).catch(() => undefined);
    }
    expect(downEvent()).toMatchObject({
      provider: 'together',
      status: 'DOWN',
      circuit: 'CLOSED',
      usableKeys: 1,
      lastError: expect.stringContaining('boom'),
    });
    expect(health.values<Record<string, unknown>>('providerHealth').every((e) => e.provider === 'together')).toBe(true);
    expect(health.error).toBeUndefined();
  });
});
