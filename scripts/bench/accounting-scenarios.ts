import type { AdminApi } from './admin-api.js';
import { SERVING_MODEL, SERVING_PRICE } from './bench-config.js';
import { USAGE } from './fake-upstream.js';
import { measureInterleaved } from './interleave.js';
import { type LoadResult, type RequestSpec } from './load.js';
import { fmt, type ReportRow } from './report.js';
import { chatRequest, phase, plural, withKey, type Scenario } from './scenario.js';
import { p50, p99 } from './stats.js';

const BASELINE = 'unlimited key';
/** Far more than a run can spend, worst-case reservations of the requests in flight included. */
const CREDITS_USD = 100;
/** Settlements are written in batches every 200 ms; this is how long the ledger may take to catch up. */
const SETTLE_TIMEOUT_MS = 5_000;

/** USD per 1M tokens is µUSD per token; the gateway rounds the sum once, half up. */
const COST_MICRO_USD = Math.round(USAGE.prompt_tokens * SERVING_PRICE.input + USAGE.completion_tokens * SERVING_PRICE.output);
const COST_HEADER = (COST_MICRO_USD / 1e6).toFixed(6);

/**
 * Both keys are charged the same price; only the key with credits reserves
 * (a database write before the upstream call) and settles. A response without
 * the expected cost was not the request this scenario measures.
 */
const PRICED_CHAT: RequestSpec = {
  ...chatRequest(SERVING_MODEL),
  check: (headers) => {
    const cost = headers['x-switchyard-cost-usd'];
    return cost === COST_HEADER ? undefined : `expected x-switchyard-cost-usd ${COST_HEADER}, got ${JSON.stringify(cost)}`;
  },
};

/** The balance once every hold is settled, or undefined if holds remain after SETTLE_TIMEOUT_MS. */
async function settledBalance(admin: AdminApi, keyId: string): Promise<number | undefined> {
  const until = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const credits = await admin.credits(keyId);
    if (credits.reservedMicroUsd === 0) return credits.balanceMicroUsd ?? undefined;
    if (Date.now() > until) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The ledger must show every answered request charged its price, and nothing else. */
async function ledgerRow(scenario: string, admin: AdminApi, keyId: string, priced: LoadResult): Promise<ReportRow> {
  const expectedMicro = priced.completed * COST_MICRO_USD;
  const balance = await settledBalance(admin, keyId);
  const chargedMicro = balance === undefined ? Number.NaN : CREDITS_USD * 1e6 - balance;
  const met = chargedMicro === expectedMicro;
  if (!met) {
    const seen = balance === undefined ? `holds still open after ${SETTLE_TIMEOUT_MS} ms` : `${fmt(chargedMicro / 1e6, 'USD')} USD charged`;
    process.stderr.write(
      `bench: LEDGER MISMATCH in "${scenario}": ${priced.completed} requests × ${COST_MICRO_USD} µUSD = ` +
        `${fmt(expectedMicro / 1e6, 'USD')} USD expected, ${seen}\n`,
    );
  }
  return {
    scenario,
    metric: 'credits charged',
    unit: 'USD',
    direct: expectedMicro / 1e6,
    gateway: chargedMicro / 1e6,
    comparison: 'added',
    baseline: `${priced.completed} requests × $${COST_HEADER}`,
    target: { text: '= requests × price', met },
  };
}

/**
 * What credits cost a request (accounting issue #4): the same priced chat
 * with a key that has a balance (worst-case reservation on the SQLite ledger
 * before the upstream call, settlement batched after it) and with an unlimited
 * key (metered only). Every response must be a 200 with the expected cost, and
 * the ledger is checked afterwards.
 */
export function accountingScenario(connections: number): Scenario {
  const name = `chat, priced key with credits vs unlimited key, ${plural(connections, 'connection')}`;
  return {
    name,
    async run(ctx) {
      const unlimited = await ctx.admin.mintKey('bench-unlimited');
      const credited = await ctx.admin.mintKey('bench-credits', CREDITS_USD);
      const [free, priced] = await measureInterleaved(
        [
          { target: withKey(ctx.gateway, unlimited.key), spec: PRICED_CHAT },
          { target: withKey(ctx.gateway, credited.key), spec: PRICED_CHAT },
        ],
        phase(ctx, connections),
      );
      const compared = (metric: string, unit: 'ms' | 'req/s', base: number, value: number): ReportRow => ({
        scenario: name,
        metric,
        unit,
        direct: base,
        gateway: value,
        comparison: unit === 'req/s' ? 'share' : 'added',
        baseline: BASELINE,
      });
      const ledger = await ledgerRow(name, ctx.admin, credited.id, priced);
      const rows: ReportRow[] = [
        compared('throughput', 'req/s', free.throughput, priced.throughput),
        compared('server CPU per request', 'ms', free.cpuMsPerRequest, priced.cpuMsPerRequest),
        compared('p50 latency', 'ms', p50(free.latencyMs), p50(priced.latencyMs)),
        compared('p99 latency', 'ms', p99(free.latencyMs), p99(priced.latencyMs)),
        ledger,
      ];
      return {
        rows,
        summary:
          `${fmt(free.throughput, 'req/s')} → ${fmt(priced.throughput, 'req/s')} req/s, ` +
          `p50 ${fmt(p50(free.latencyMs), 'ms')} → ${fmt(p50(priced.latencyMs), 'ms')} ms, ` +
          `p99 ${fmt(p99(free.latencyMs), 'ms')} → ${fmt(p99(priced.latencyMs), 'ms')} ms, ` +
          `CPU ${fmt(free.cpuMsPerRequest, 'ms')} → ${fmt(priced.cpuMsPerRequest, 'ms')} ms/request; ` +
          `ledger ${ledger.target?.met ? 'matches' : 'DOES NOT match'} ${priced.completed} requests × $${COST_HEADER}`,
      };
    },
  };
}
