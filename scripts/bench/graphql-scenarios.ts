import { alternate, poolRequests, poolStreams } from './alternate.js';
import { measureGraphqlRequests, measureGraphqlStreams, type GraphqlOperation } from './graphql-load.js';
import { measureRequests, measureStreams, type Phase, type RequestSpec } from './load.js';
import { atMostAdded, atMostRatio, fmt, type ReportRow } from './report.js';
import type { BenchContext, Scenario } from './scenarios.js';
import { p50, p99 } from './stats.js';

/** Roughly what a REST client reads from a completion; `raw` (the upstream JSON again) is left out. */
const CHAT_MUTATION = `mutation Chat($input: ChatInput!) {
  chat(input: $input) {
    id model provider
    choices { index finishReason message { role content } }
    usage { promptTokens completionTokens totalTokens }
    costUsd
  }
}`;

const CHAT_SUBSCRIPTION = `subscription ChatStream($input: ChatInput!) {
  chatStream(input: $input) {
    __typename
    ... on ChatStreamDelta { content index }
    ... on ChatStreamDone { finishReason usage { promptTokens completionTokens totalTokens } costUsd }
  }
}`;

/** Slices each side's measured window is cut into (see alternate.ts). */
const SLICES = 3;

/** The ChatInput of a REST chat body: the GraphQL request asks the gateway for exactly what the REST one does. */
function chatInput(rest: RequestSpec): Record<string, unknown> {
  const { model, messages } = JSON.parse(rest.body) as { model: string; messages: unknown[] };
  return { model, messages };
}

/** The `chat` mutation asking for what `rest` asks for. */
export function chatOperation(rest: RequestSpec): GraphqlOperation {
  return { query: CHAT_MUTATION, variables: { input: chatInput(rest) }, field: 'chat' };
}

/** GraphQL's figure as a multiple of the same figure over REST or SSE (in the direct column). */
function ratioRow(
  scenario: string,
  metric: string,
  unit: ReportRow['unit'],
  [baseline, base]: readonly [string, number],
  graphql: number,
  limit?: number,
): ReportRow {
  return {
    scenario,
    metric,
    unit,
    direct: base,
    gateway: graphql,
    comparison: 'ratio',
    baseline,
    target: limit === undefined ? undefined : atMostRatio(limit, graphql, base, baseline),
  };
}

/**
 * The `chat` mutation over HTTP against the same request over REST, both
 * through the gateway to the same fake and measured in alternating slices:
 * what GraphQL costs on top of REST.
 * The p50 target applies at concurrency 1, where latency is not queueing.
 */
export function graphqlChat(rest: RequestSpec, connections: number): Scenario {
  const name = `GraphQL chat vs REST, ${connections} connection${connections === 1 ? '' : 's'}`;
  const operation = chatOperation(rest);
  return {
    name,
    async run(ctx: BenchContext) {
      const phase = { connections, warmupMs: ctx.warmupMs, measureMs: ctx.measureMs };
      const [viaRest, viaGraphql] = await alternate(
        phase,
        SLICES,
        { measure: (slice: Phase) => measureRequests(ctx.gateway, rest, slice), pool: poolRequests },
        { measure: (slice: Phase) => measureGraphqlRequests(ctx.gateway, operation, slice), pool: poolRequests },
      );
      const [r50, g50, r99, g99] = [p50(viaRest.latencyMs), p50(viaGraphql.latencyMs), p99(viaRest.latencyMs), p99(viaGraphql.latencyMs)];
      const rows: ReportRow[] = [
        ratioRow(name, 'throughput', 'req/s', ['REST', viaRest.throughput], viaGraphql.throughput),
        ratioRow(name, 'server CPU per request', 'ms', ['REST', viaRest.cpuMsPerRequest], viaGraphql.cpuMsPerRequest),
        ratioRow(name, 'p50 latency', 'ms', ['REST', r50], g50, connections === 1 ? 1.5 : undefined),
        ratioRow(name, 'p99 latency', 'ms', ['REST', r99], g99),
      ];
      return {
        rows,
        summary:
          `REST → GraphQL: ${fmt(viaRest.throughput, 'req/s')} → ${fmt(viaGraphql.throughput, 'req/s')} req/s, ` +
          `p50 ${fmt(r50, 'ms')} → ${fmt(g50, 'ms')} ms (${(g50 / r50).toFixed(2)}×), p99 ${fmt(r99, 'ms')} → ${fmt(g99, 'ms')} ms, ` +
          `gateway CPU ${fmt(viaRest.cpuMsPerRequest, 'ms')} → ${fmt(viaGraphql.cpuMsPerRequest, 'ms')} ms/request ` +
          `(${viaRest.latencyMs.length} + ${viaGraphql.latencyMs.length} requests)`,
      };
    },
  };
}

/**
 * The `chatStream` subscription over graphql-ws against the same request as
 * SSE, through the gateway: time to the first token event against SSE's first
 * byte (which is the first token), and to the end of the stream.
 */
export function graphqlChatStream(rest: RequestSpec, streams: number, pacing: string): Scenario {
  const name = `GraphQL chatStream vs SSE, ${streams} concurrent streams, ${pacing}`;
  const operation: GraphqlOperation = { query: CHAT_SUBSCRIPTION, variables: { input: chatInput(rest) }, field: 'chatStream' };
  return {
    name,
    async run(ctx: BenchContext) {
      const phase = { connections: streams, warmupMs: ctx.warmupMs, measureMs: ctx.measureMs };
      const events = { token: 'ChatStreamDelta', done: 'ChatStreamDone' };
      const [sse, ws] = await alternate(
        phase,
        SLICES,
        { measure: (slice: Phase) => measureStreams(ctx.gateway, rest, slice), pool: poolStreams },
        { measure: (slice: Phase) => measureGraphqlStreams(ctx.gateway, operation, slice, events), pool: poolStreams },
      );
      const added = (metric: string, s: number, g: number, limitMs?: number): ReportRow => ({
        scenario: name,
        metric,
        unit: 'ms',
        direct: s,
        gateway: g,
        comparison: 'added',
        baseline: 'SSE',
        target: limitMs === undefined ? undefined : atMostAdded(limitMs, g, s),
      });
      const first = [p50(sse.firstByteMs), p50(ws.firstByteMs)] as const;
      const rows: ReportRow[] = [
        ratioRow(name, 'streams completed', 'req/s', ['SSE', sse.throughput], ws.throughput),
        ratioRow(name, 'server CPU per stream', 'ms', ['SSE', sse.cpuMsPerRequest], ws.cpuMsPerRequest),
        added('first token p50', ...first, 2),
        added('first token p99', p99(sse.firstByteMs), p99(ws.firstByteMs)),
        added('total time p50', p50(sse.totalMs), p50(ws.totalMs)),
        added('total time p99', p99(sse.totalMs), p99(ws.totalMs)),
      ];
      return {
        rows,
        summary:
          `SSE → graphql-ws: first token p50 ${fmt(first[0], 'ms')} → ${fmt(first[1], 'ms')} ms, ` +
          `total p50 ${fmt(p50(sse.totalMs), 'ms')} → ${fmt(p50(ws.totalMs), 'ms')} ms, ` +
          `gateway CPU ${fmt(sse.cpuMsPerRequest, 'ms')} → ${fmt(ws.cpuMsPerRequest, 'ms')} ms/stream ` +
          `(${sse.totalMs.length} + ${ws.totalMs.length} streams)`,
      };
    },
  };
}
