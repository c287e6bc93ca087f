import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, together } from '../fake-upstream/index.js';
import { chat, eventually, getKey, ledger, micro, settled, usage } from '../support/accounting.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

// One try per target: these tests count ledger entries per upstream attempt, not the retry policy.
const YAML = `
defaults:
  retry: { maxAttempts: 1 }
routes:
  flaky:
    strategy: failover
    targets: [together/flaky-model, mock/lorem]
prices:
  mock/lorem: { input: 2.5, output: 10 }
  mock/echo: { input: 0.15, output: 0.6 }
  together/flaky-model: { input: 1, output: 1 }
`;

interface Completion {
  usage: { prompt_tokens: number; completion_tokens: number };
}

describe.each(['sqlite', 'postgres'] as const)('credits and the ledger on %s', (database) => {
  let fake: FakeUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      database,
      yaml: YAML,
      env: { TOGETHER_API_KEY: 'tg-gateway-key', TOGETHER_BASE_URL: `${fake.url}/v1` },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('charges price × usage to the micro-dollar, in the header, the stream and the ledger', async () => {
    const { key, id } = await gateway.mintKey({ creditsUsd: 1 });

    const lorem = await chat(gateway, key, { model: 'mock/lorem', max_tokens: 7 });
    expect(lorem.status).toBe(200);
    const loremUsage = ((await lorem.json()) as Completion).usage;
    const loremCost = loremUsage.prompt_tokens * 2.5 + loremUsage.completion_tokens * 10;
    expect(lorem.headers.get('x-switchyard-cost-usd')).toBe((loremCost / 1e6).toFixed(6));

    // 0.15 and 0.6 per million: a fraction of a micro-dollar, rounded once, half up.
    const echo = await chat(gateway, key, { model: 'mock/echo', messages: [{ role: 'user', content: 'hello there friend' }] });
    const echoUsage = ((await echo.json()) as Completion).usage;
    const echoCost = Math.round(echoUsage.prompt_tokens * 0.15 + echoUsage.completion_tokens * 0.6);
    expect(echo.headers.get('x-switchyard-cost-usd')).toBe((echoCost / 1e6).toFixed(6));

    const stream = await chat(gateway, key, { model: 'mock/lorem', max_tokens: 5, stream: true, stream_options: { include_usage: true } });
    const events = (await stream.text()).split('\n\n').filter((line) => line.startsWith('data: {'));
    const last = JSON.parse(events[events.length - 1].slice(6)) as {
      usage: { prompt_tokens: number; completion_tokens: number; cost_usd: number };
    };
    const streamCost = last.usage.prompt_tokens * 2.5 + last.usage.completion_tokens * 10;
    expect(micro(last.usage.cost_usd)).toBe(streamCost);

    const { key: after, entries } = await settled(gateway, id);
    const charges = entries.filter((entry) => entry.kind === 'charge').map((entry) => -(micro(entry.amountUsd) as number));
    expect(charges).toEqual([loremCost, echoCost, streamCost]);
    expect(micro(after.balanceUsd)).toBe(1_000_000 - loremCost - echoCost - streamCost);
    const records = await eventually(async () => {
      const rows = await usage(gateway, `keyId=${id}`);
      expect(rows).toHaveLength(3);
      return rows;
    });
    expect(records.map((r) => micro(r.costUsd)).reverse()).toEqual([loremCost, echoCost, streamCost]);
    expect(records[0]).toMatchObject({ streamed: true, provider: 'mock', model: 'lorem', status: 200, attempts: 1, estimated: false });
    expect(records[0].ttftMs).not.toBeNull();
  });

  it('never overspends: 50 parallel requests on a key with credits for 10', async () => {
    // A probe request shows what one request reserves (its worst case) and what it costs.
    const probe = await gateway.mintKey({ creditsUsd: 1 });
    const body = { model: 'mock/lorem', max_tokens: 5, mock: { delayMs: 300 } };
    expect((await chat(gateway, probe.key, body)).status).toBe(200);
    const probeLedger = (await settled(gateway, probe.id)).entries;
    const worst = -(micro(probeLedger.find((e) => e.kind === 'hold')?.amountUsd as number) as number);
    const cost = -(micro(probeLedger.find((e) => e.kind === 'charge')?.amountUsd as number) as number);
    expect(worst).toBeGreaterThanOrEqual(cost);

    const credits = 10 * cost;
    const { key, id } = await gateway.mintKey({ creditsUsd: credits / 1e6 });
    const statuses = await Promise.all(Array.from({ length: 50 }, () => chat(gateway, key, body).then((res) => res.status)));
    const served = statuses.filter((status) => status === 200).length;
    // Holds of worst-case size fit at once; released remainders may let a few more through, never an 11th.
    expect(served).toBeGreaterThanOrEqual(Math.floor(credits / worst));
    expect(served).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 402)).toBe(true);

    const { key: after, entries } = await settled(gateway, id);
    expect(micro(after.balanceUsd)).toBe(credits - served * cost);
    expect(entries.every((entry) => entry.balanceAfterUsd === null || entry.balanceAfterUsd >= 0)).toBe(true);
    expect(entries.filter((entry) => entry.kind === 'charge')).toHaveLength(served);
  });

  it('bills a stream the client cut for what was generated before it left', async () => {
    const { key, id } = await gateway.mintKey({ creditsUsd: 1 });
    const abort = new AbortController();
    const res = await chat(
      gateway,
      key,
      { model: 'mock/lorem', max_tokens: 200, stream: true, mock: { chunkDelayMs: 20 } },
      { signal: abort.signal },
    );
    const requestId = res.headers.get('x-request-id') as string;
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while ((text.match(/"content"/g) ?? []).length < 5) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();

    const [record] = await eventually(async () => {
      const rows = await usage(gateway, `keyId=${id}`);
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(record).toMatchObject({ requestId, status: 499, errorCode: 'client_closed', streamed: true, estimated: true });
    expect(record.completionTokens).toBeGreaterThanOrEqual(5);
    expect(record.completionTokens).toBeLessThan(200);
    expect(micro(record.costUsd)).toBe(record.promptTokens * 2.5 + record.completionTokens * 10);
    const { entries } = await settled(gateway, id);
    expect(entries.filter((e) => e.kind === 'charge').map((e) => micro(e.amountUsd))).toEqual([-(micro(record.costUsd) as number)]);
  });

  it('bills a failover once, for the target that answered', async () => {
    const { key, id } = await gateway.mintKey({ creditsUsd: 1 });
    fake.script('POST', '/v1/chat/completions', together.error(500, 'upstream exploded', null, 'server_error'));
    const res = await chat(gateway, key, { model: 'flaky', max_tokens: 6 });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-attempts')).toBe('2');
    const answer = ((await res.json()) as Completion).usage;
    const cost = answer.prompt_tokens * 2.5 + answer.completion_tokens * 10;
    expect(res.headers.get('x-switchyard-cost-usd')).toBe((cost / 1e6).toFixed(6));

    const { key: after, entries } = await settled(gateway, id);
    expect(entries.map((e) => e.kind)).toEqual(['credit', 'hold', 'release', 'charge']);
    expect(micro(after.balanceUsd)).toBe(1_000_000 - cost);
    const [record] = await usage(gateway, `keyId=${id}`);
    expect(record).toMatchObject({ route: 'flaky', provider: 'mock', model: 'lorem', attempts: 2, status: 200 });
  });

  it('refunds a request that failed before any output', async () => {
    const { key, id } = await gateway.mintKey({ creditsUsd: 1 });
    const res = await chat(gateway, key, { model: 'mock/lorem', mock: { status: 500 } });
    expect(res.status).toBe(502);
    const { key: after, entries } = await settled(gateway, id);
    expect(entries.map((e) => e.kind)).toEqual(['credit', 'hold', 'release']);
    expect(after.balanceUsd).toBe(1);
  });

  it('leaves nothing reserved after a 402', async () => {
    const { key, id } = await gateway.mintKey({ creditsUsd: 0.00001 });
    const res = await chat(gateway, key, { model: 'mock/lorem', max_tokens: 100 });
    expect(res.status).toBe(402);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('insufficient_credits');
    expect(error.message).toMatch(/may cost up to \$0\.00\d+ and the key has \$0\.000010 available/);
    const after = await getKey(gateway, id);
    expect(after).toMatchObject({ balanceUsd: 0.00001, reservedUsd: 0 });
    expect((await ledger(gateway, id)).map((e) => e.kind)).toEqual(['credit']);
    const [record] = await eventually(() =>
      usage(gateway, `keyId=${id}&status=402`).then((rows) => (rows.length ? rows : Promise.reject(new Error('none')))),
    );
    expect(record.errorCode).toBe('insufficient_credits');
  });

  it('refuses unknown prices for keys with credits, and meters them for unlimited keys', async () => {
    const metered = await gateway.mintKey({ creditsUsd: 1 });
    // Without a configured price the gateway consults the provider's model list (price sync).
    fake.script('GET', '/v1/models', together.models([{ id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' }]));
    const refused = await chat(gateway, metered.key, { model: 'together/unpriced-model' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'No price is known for together/unpriced-model',
    );
    expect(fake.requestsTo('/v1/chat/completions').filter((r) => (r.body as { model: string }).model === 'unpriced-model')).toEqual([]);

    const unlimited = await gateway.mintKey();
    fake.script('POST', '/v1/chat/completions', together.chatCompletion({ content: 'free?' }));
    const served = await chat(gateway, unlimited.key, { model: 'together/unpriced-model' });
    expect(served.status).toBe(200);
    expect(served.headers.get('x-switchyard-cost-usd')).toBeNull();
    const [record] = await eventually(() =>
      usage(gateway, `keyId=${unlimited.id}`).then((rows) => (rows.length ? rows : Promise.reject(new Error('none')))),
    );
    expect(record).toMatchObject({ unpriced: true, costUsd: null, provider: 'together' });
    expect(fake.unscripted).toEqual([]);
  });
});
