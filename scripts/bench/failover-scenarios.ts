import { FIRST_TARGET_ROUTE, HOP_ROUTE, OPEN_CIRCUIT_ROUTE } from './bench-config.js';
import { measureInterleaved } from './interleave.js';
import { requestOnce, type LoadResult, type RequestSpec, type ResponseHeaders } from './load.js';
import { fmt, type ReportRow } from './report.js';
import { chatRequest, phase, type Scenario } from './scenario.js';
import { p50, p99 } from './stats.js';

const BASELINE = 'first-target success';
/** The provider of the target that answers in every route (bench-config.ts). */
const SERVING_PROVIDER = 'openai';

const header = (headers: ResponseHeaders, name: string): string => String(headers[name] ?? '');

/**
 * Every response must have been served by the answering target after exactly
 * `attempts` upstream tries, the first of them on `firstTried`: a circuit that
 * opened (or a retry) mid-run would change what is measured, so it stops the run.
 */
function servedAfter(attempts: number, firstTried: string): (headers: ResponseHeaders) => string | undefined {
  return (headers) => {
    const detail = header(headers, 'x-switchyard-attempts-detail');
    if (
      header(headers, 'x-switchyard-provider') === SERVING_PROVIDER &&
      header(headers, 'x-switchyard-attempts') === String(attempts) &&
      detail.startsWith(`${firstTried}/`)
    ) {
      return undefined;
    }
    return `expected ${attempts} upstream attempt(s), the first on ${firstTried}, served by ${SERVING_PROVIDER}; got attempts-detail "${detail}"`;
  };
}

function routeRequest(route: string, check: RequestSpec['check']): RequestSpec {
  return { ...chatRequest(route), check };
}

/** The failing target's circuit opens at its first failure (threshold 1); that request still fails over and succeeds. */
async function openCircuit(ctx: Parameters<Scenario['run']>[0]): Promise<void> {
  const { statusCode, headers } = await requestOnce(ctx.gateway, chatRequest(OPEN_CIRCUIT_ROUTE));
  const problem = statusCode === 200 ? servedAfter(2, 'tripped')(headers) : `answered ${statusCode}`;
  if (problem) throw new Error(`opening the circuit of ${OPEN_CIRCUIT_ROUTE}'s first target: ${problem}`);
}

/** Rows of one failover situation against the first-target success at the same concurrency. */
function comparedRows(scenario: string, baseline: LoadResult, variant: LoadResult): ReportRow[] {
  const row = (metric: string, base: number, value: number): ReportRow => ({
    scenario,
    metric,
    unit: 'ms',
    direct: base,
    gateway: value,
    comparison: 'added',
    baseline: BASELINE,
  });
  return [
    {
      scenario,
      metric: 'throughput',
      unit: 'req/s',
      direct: baseline.throughput,
      gateway: variant.throughput,
      comparison: 'share',
      baseline: BASELINE,
    },
    row('server CPU per request', baseline.cpuMsPerRequest, variant.cpuMsPerRequest),
    row('p50 latency', p50(baseline.latencyMs), p50(variant.latencyMs)),
    row('p99 latency', p99(baseline.latencyMs), p99(variant.latencyMs)),
  ];
}

function summary(label: string, baseline: LoadResult, variant: LoadResult): string {
  return (
    `${label}: p50 ${fmt(p50(baseline.latencyMs), 'ms')} → ${fmt(p50(variant.latencyMs), 'ms')} ms, ` +
    `p99 ${fmt(p99(baseline.latencyMs), 'ms')} → ${fmt(p99(variant.latencyMs), 'ms')} ms, ` +
    `${fmt(baseline.throughput, 'req/s')} → ${fmt(variant.throughput, 'req/s')} req/s`
  );
}

/**
 * What one failover hop costs (resilience issue #3), one request at a time
 * against the fake upstream: the first target answers 503 at once and the
 * second answers. Compared with the same route shape whose first target
 * answers: the hop with the failing target's circuit closed (every request
 * tries it), and the skip once its circuit is open (the planner moves it last,
 * so requests go straight to the answering target). One try per target, so no
 * backoff sleep is measured (bench-config.ts).
 */
export function failoverScenario(): Scenario {
  const hopName = 'chat via a route, failover hop (first target 503, circuit closed), 1 connection';
  const skipName = 'chat via a route, circuit-open skip (first target moved last), 1 connection';
  return {
    name: 'chat via a route, failover, 1 connection',
    windows: 3,
    async run(ctx) {
      await openCircuit(ctx);
      const [baseline, hop, skip] = await measureInterleaved(
        [
          { target: ctx.gateway, spec: routeRequest(FIRST_TARGET_ROUTE, servedAfter(1, SERVING_PROVIDER)) },
          { target: ctx.gateway, spec: routeRequest(HOP_ROUTE, servedAfter(2, 'failing')) },
          { target: ctx.gateway, spec: routeRequest(OPEN_CIRCUIT_ROUTE, servedAfter(1, SERVING_PROVIDER)) },
        ],
        phase(ctx, 1),
      );
      return {
        rows: [...comparedRows(hopName, baseline, hop), ...comparedRows(skipName, baseline, skip)],
        summary: `${summary('hop', baseline, hop)}; ${summary('skip', baseline, skip)}`,
      };
    },
  };
}
