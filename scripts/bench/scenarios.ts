import { accountingScenario } from './accounting-scenarios.js';
import { alternate, poolRequests, poolStreams } from './alternate.js';
import { failoverScenario } from './failover-scenarios.js';
import { pacedModel } from './fake-upstream.js';
import { graphqlChat, graphqlChatStream } from './graphql-scenarios.js';
import { measureRequests, measureStreams, type RequestSpec } from './load.js';
import { atLeastShare, atMostAdded, fmt, type ReportRow } from './report.js';
import { chatRequest, cpuRow, phase, plural, type Scenario } from './scenario.js';
import { p50, p99 } from './stats.js';

export type { BenchContext, Scenario } from './scenario.js';

/**
 * The gateway routes `openai/…` to the fake, which ignores the prefix, so the
 * fake, the gateway and the reference proxy all get the same bytes and give the
 * same answer.
 */
export const CHAT: RequestSpec = chatRequest('openai/gpt-4o-mini');

/**
 * Direct and gateway run in alternating slices of each window (see alternate.ts):
 * measured one after the other, a neighbour's load that changed between them
 * moved the share of direct throughput between 10% and 17% for one build.
 */
const SLICES = 3;

/** A streamed chat; `intervalMs` > 0 paces the fake's chunks like a model generating tokens. */
export function chatStream(intervalMs: number): RequestSpec {
  const model = `openai/${intervalMs > 0 ? pacedModel(intervalMs) : 'gpt-4o-mini'}`;
  return chatRequest(model, { stream: true, stream_options: { include_usage: true } });
}

/** Which hop a scenario puts between the client and the fake upstream. */
type Hop = 'gateway' | 'reference';

/** The reference proxy's scenarios carry no targets: they calibrate the gateway's on this machine. */
function named(hop: Hop, workload: string): string {
  return hop === 'gateway' ? workload : `reference: bare Node proxy, ${workload}`;
}

function nonStreaming(connections: number, hop: Hop = 'gateway'): Scenario {
  const name = named(hop, `chat, non-streaming, ${plural(connections, 'connection')}`);
  return {
    name,
    async run(ctx) {
      const [direct, through] = await alternate(
        phase(ctx, connections),
        SLICES,
        { measure: (slice) => measureRequests(ctx.direct, CHAT, slice), pool: poolRequests },
        { measure: (slice) => measureRequests(ctx[hop], CHAT, slice), pool: poolRequests },
      );
      const [d50, g50, d99, g99] = [p50(direct.latencyMs), p50(through.latencyMs), p99(direct.latencyMs), p99(through.latencyMs)];
      const throughputTarget = hop === 'gateway' && connections > 1;
      const latencyTargets = hop === 'gateway' && connections === 1;
      const rows: ReportRow[] = [
        {
          scenario: name,
          metric: 'throughput',
          unit: 'req/s',
          direct: direct.throughput,
          gateway: through.throughput,
          comparison: 'share',
          target: throughputTarget ? atLeastShare(0.15, through.throughput, direct.throughput) : undefined,
        },
        cpuRow(name, direct.cpuMsPerRequest, through.cpuMsPerRequest),
        {
          scenario: name,
          metric: 'p50 latency',
          unit: 'ms',
          direct: d50,
          gateway: g50,
          comparison: 'added',
          target: latencyTargets ? atMostAdded(0.5, g50, d50) : undefined,
        },
        {
          scenario: name,
          metric: 'p99 latency',
          unit: 'ms',
          direct: d99,
          gateway: g99,
          comparison: 'added',
          target: latencyTargets ? atMostAdded(2, g99, d99) : undefined,
        },
      ];
      const share = ((through.throughput / direct.throughput) * 100).toFixed(1);
      return {
        rows,
        summary:
          `${fmt(direct.throughput, 'req/s')} → ${fmt(through.throughput, 'req/s')} req/s (${share}%), ` +
          `p50 ${fmt(d50, 'ms')} → ${fmt(g50, 'ms')} ms, p99 ${fmt(d99, 'ms')} → ${fmt(g99, 'ms')} ms, ` +
          `${hop} CPU ${fmt(through.cpuMsPerRequest, 'ms')} ms/request ` +
          `(${direct.latencyMs.length} + ${through.latencyMs.length} requests)`,
      };
    },
  };
}

/**
 * Paced streams (a chunk every `intervalMs`) show what the gateway adds to a
 * stream as a client sees it; unpaced ones (0) show how many it can carry.
 * First-byte targets apply to paced streams only: back to back, 16 streams
 * keep every process busy and the first byte mostly measures queueing.
 */
function streaming(streams: number, intervalMs: number, hop: Hop = 'gateway'): Scenario {
  const pacing = intervalMs > 0 ? `a chunk every ${intervalMs} ms` : 'chunks back to back';
  const name = named(hop, `chat, streaming, ${streams} concurrent streams, ${pacing}`);
  const spec = chatStream(intervalMs);
  const targets = hop === 'gateway' && intervalMs > 0;
  return {
    name,
    async run(ctx) {
      const [direct, through] = await alternate(
        phase(ctx, streams),
        SLICES,
        { measure: (slice) => measureStreams(ctx.direct, spec, slice), pool: poolStreams },
        { measure: (slice) => measureStreams(ctx[hop], spec, slice), pool: poolStreams },
      );
      const figures = {
        firstP50: [p50(direct.firstByteMs), p50(through.firstByteMs)],
        firstP99: [p99(direct.firstByteMs), p99(through.firstByteMs)],
        totalP50: [p50(direct.totalMs), p50(through.totalMs)],
        totalP99: [p99(direct.totalMs), p99(through.totalMs)],
      };
      const row = (metric: string, [d, g]: number[], limitMs?: number): ReportRow => ({
        scenario: name,
        metric,
        unit: 'ms',
        direct: d,
        gateway: g,
        comparison: 'added',
        target: limitMs === undefined ? undefined : atMostAdded(limitMs, g, d),
      });
      const rows: ReportRow[] = [
        {
          scenario: name,
          metric: 'streams completed',
          unit: 'req/s',
          direct: direct.throughput,
          gateway: through.throughput,
          comparison: 'share',
        },
        cpuRow(name, direct.cpuMsPerRequest, through.cpuMsPerRequest),
        row('first byte p50', figures.firstP50, targets ? 1 : undefined),
        row('first byte p99', figures.firstP99, targets ? 3 : undefined),
        row('total time p50', figures.totalP50),
        row('total time p99', figures.totalP99),
      ];
      return {
        rows,
        summary:
          `first byte p50 ${fmt(figures.firstP50[0], 'ms')} → ${fmt(figures.firstP50[1], 'ms')} ms, ` +
          `p99 ${fmt(figures.firstP99[0], 'ms')} → ${fmt(figures.firstP99[1], 'ms')} ms; ` +
          `total p50 ${fmt(figures.totalP50[0], 'ms')} → ${fmt(figures.totalP50[1], 'ms')} ms, ` +
          `${hop} CPU ${fmt(through.cpuMsPerRequest, 'ms')} ms/stream ` +
          `(${direct.totalMs.length} + ${through.totalMs.length} streams)`,
      };
    },
  };
}

/** Run in order; the gateway's peak RSS is sampled across all of them. */
export const SCENARIOS: Scenario[] = [
  nonStreaming(1),
  nonStreaming(16),
  nonStreaming(64),
  streaming(16, 5),
  streaming(16, 0),
  nonStreaming(1, 'reference'),
  nonStreaming(16, 'reference'),
  streaming(16, 5, 'reference'),
  failoverScenario(),
  accountingScenario(1),
  accountingScenario(16),
  graphqlChat(CHAT, 1),
  graphqlChat(CHAT, 16),
  graphqlChatStream(chatStream(5), 16, 'a chunk every 5 ms'),
];
