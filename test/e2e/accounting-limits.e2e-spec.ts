import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chat, eventually, getKey, micro, settled, usage } from '../support/accounting.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function expectLimited(res: Response): Promise<number> {
  expect(res.status).toBe(429);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  return retryAfter;
}

describe('per-key limits in one process', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startGateway({
      yaml: `
accounting:
  limitWindowSeconds: 2
  unknownPrice: allow-unpriced
prices:
  mock/lorem: { input: 2.5, output: 10 }
`,
    });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('answers 429 rate_limited with Retry-After past the requests-per-minute limit, and recovers', async () => {
    // 60 per minute over a 2 s window: 2 requests per window.
    const { key } = await gateway.mintKey({ rpm: 60 });
    const other = await gateway.mintKey({ rpm: 60 });
    expect((await chat(gateway, key, { model: 'mock/echo' })).status).toBe(200);
    expect((await chat(gateway, key, { model: 'mock/echo' })).status).toBe(200);
    const retryAfter = await expectLimited(await chat(gateway, key, { model: 'mock/echo' }));
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect((await chat(gateway, other.key, { model: 'mock/echo' })).status).toBe(200);
    await sleep(retryAfter * 1000 + 100);
    expect((await chat(gateway, key, { model: 'mock/echo' })).status).toBe(200);
  });

  it('answers 429 past the tokens-per-minute limit, and recovers', async () => {
    // 3000 per minute over a 2 s window: 100 tokens per window; each request uses 4 + 80.
    const { key } = await gateway.mintKey({ tpm: 3000 });
    const body = { model: 'mock/lorem', max_tokens: 80 };
    expect((await chat(gateway, key, body)).status).toBe(200);
    expect((await chat(gateway, key, body)).status).toBe(200);
    const retryAfter = await expectLimited(await chat(gateway, key, body));
    await sleep(retryAfter * 1000 + 100);
    expect((await chat(gateway, key, body)).status).toBe(200);
  });

  it('serves an unknown price under allow-unpriced, flags it and charges nothing', async () => {
    const { key, id } = await gateway.mintKey({ creditsUsd: 1 });
    const res = await chat(gateway, key, { model: 'mock/echo' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-cost-usd')).toBeNull();
    const [record] = await eventually(async () => {
      const rows = await usage(gateway, `keyId=${id}`);
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(record).toMatchObject({ unpriced: true, costUsd: null, status: 200 });
    const { key: after, entries } = await settled(gateway, id);
    expect(after.balanceUsd).toBe(1);
    expect(entries.map((e) => e.kind)).toEqual(['credit']);
  });
});

describe('limits and credits across two processes sharing Redis and Postgres', () => {
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    const yaml = 'prices:\n  mock/lorem: { input: 2.5, output: 10 }\n';
    const env = { REDIS_URL: 'redis://127.0.0.1:6379' };
    a = await startGateway({ database: 'postgres', yaml, env });
    b = await startGateway({ databaseUrl: a.databaseUrl, yaml, env });
  }, 60_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('counts requests per minute across both instances', async () => {
    const { key } = await a.mintKey({ rpm: 2 });
    expect((await chat(a, key, { model: 'mock/echo' })).status).toBe(200);
    expect((await chat(b, key, { model: 'mock/echo' })).status).toBe(200);
    await expectLimited(await chat(a, key, { model: 'mock/echo' }));
    await expectLimited(await chat(b, key, { model: 'mock/echo' }));
  });

  it('counts tokens per minute across both instances', async () => {
    const { key } = await a.mintKey({ tpm: 100 });
    const body = { model: 'mock/lorem', max_tokens: 80 };
    expect((await chat(a, key, body)).status).toBe(200);
    expect((await chat(b, key, body)).status).toBe(200);
    await expectLimited(await chat(a, key, body));
    await expectLimited(await chat(b, key, body));
  });

  it('never overspends one balance from two instances', async () => {
    const { key, id } = await a.mintKey({ creditsUsd: 0.0005 });
    const body = { model: 'mock/lorem', max_tokens: 5, mock: { delayMs: 200 } };
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => chat(i % 2 ? a : b, key, body).then((res) => res.status)));
    const served = statuses.filter((status) => status === 200).length;
    expect(served).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 200 || status === 402)).toBe(true);
    const { key: after, entries } = await settled(a, id);
    const spent = entries.filter((e) => e.kind === 'charge').reduce((sum, e) => sum - (micro(e.amountUsd) as number), 0);
    expect(entries.filter((e) => e.kind === 'charge')).toHaveLength(served);
    expect(spent).toBeLessThanOrEqual(500);
    expect(micro(after.balanceUsd)).toBe(500 - spent);
    expect((await getKey(b, id)).balanceUsd).toBe(after.balanceUsd);
  });
});
