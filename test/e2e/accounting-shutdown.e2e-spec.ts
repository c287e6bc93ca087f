import { afterAll, describe, expect, it } from '@jest/globals';
import { micro, postOnce, settled, usage } from '../support/accounting.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

const YAML = `
prices:
  mock/lorem: { input: 2.5, output: 10 }
`;

describe.each(['sqlite', 'postgres'] as const)('SIGTERM during load on %s', (database) => {
  const gateways: TestGateway[] = [];

  afterAll(async () => {
    // The second instance first: the first one owns (and drops) the database.
    for (const gateway of gateways.reverse()) await gateway.close();
  });

  it('loses no usage record and leaves no credit held', async () => {
    const first = await startGateway({ database, yaml: YAML });
    gateways.push(first);
    // Every call to this instance uses its own connection: an idle keep-alive socket would hold the shutdown open.
    const mint = async (body: Record<string, unknown>): Promise<{ key: string; id: string }> =>
      JSON.parse((await postOnce(first, '/admin/keys', first.adminKey, { name: 'load', ...body })).body) as { key: string; id: string };
    const unlimited = await mint({});
    const metered = await mint({ creditsUsd: 10 });

    const served = new Map<string, string>();
    const send = async (i: number): Promise<void> => {
      const key = i % 3 === 0 ? metered.key : unlimited.key;
      // Answers spread over a second, so many are still running when SIGTERM arrives.
      const mock = { delayMs: 100 + (i % 10) * 100 };
      const body = { model: 'mock/lorem', max_tokens: 5, stream: i % 2 === 0, messages: [{ role: 'user', content: 'hello' }], mock };
      try {
        const res = await postOnce(first, '/v1/chat/completions', key, body);
        if (res.status === 200) served.set(res.headers['x-request-id'] as string, key);
      } catch {
        // Refused once the server stopped accepting connections: never reached the gateway.
      }
    };
    const inFlight: Array<Promise<void>> = [];
    for (let i = 0; i < 40; i++) inFlight.push(send(i));
    // Keep the load coming while the gateway shuts down.
    let stopped = false;
    const more = (async () => {
      for (let i = 40; !stopped; i++) {
        inFlight.push(send(i));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    // SIGTERM once the gateway is answering, with the slower requests still in flight.
    while (served.size === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const code = await first.stop('SIGTERM');
    stopped = true;
    await more;
    await Promise.all(inFlight);
    // A graceful exit: code 0, not the harness's SIGKILL after 10 s; the writer flushed in the shutdown hooks.
    expect(code).toBe(0);
    expect(first.process.signalCode).toBeNull();
    expect(first.output()).not.toContain('could not be written');

    const second = await startGateway({ databaseUrl: first.databaseUrl, yaml: YAML });
    gateways.push(second);
    const records = [...(await usage(second, `keyId=${unlimited.id}`)), ...(await usage(second, `keyId=${metered.id}`))];
    const recorded = new Set(records.map((record) => record.requestId));
    expect([...served.keys()].filter((requestId) => !recorded.has(requestId))).toEqual([]);

    const { key, entries } = await settled(second, metered.id);
    const charged = entries.filter((entry) => entry.kind === 'charge');
    expect(charged).toHaveLength([...served.values()].filter((key) => key === metered.key).length);
    const spent = charged.reduce((sum, entry) => sum - (micro(entry.amountUsd) as number), 0);
    expect(micro(key.balanceUsd)).toBe(10_000_000 - spent);
    // Two gateway start-ups in one test: generous on a loaded machine.
  }, 60_000);
});
