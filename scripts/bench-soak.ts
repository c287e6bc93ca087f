// `npm run bench:soak [-- --seconds N] [--concurrency C] [--instances 1|2|both]`:
// mixed traffic (streaming and not, failing upstreams) against one and then two
// gateway instances on PostgreSQL + Redis, reporting throughput, latency
// percentiles, error rates and RSS over time. Bounded; cleans up after itself.
import { randomBytes } from 'node:crypto';
import { FakeUpstream, compatible } from '../test/fake-upstream/index.js';
import { metricValue, parseMetrics } from '../test/support/metrics.js';
import { startCluster } from './support/cluster.js';
import { rssMb } from './support/rss.js';
import { percentile, pickKind, seededRandom, slope, type TrafficKind } from './support/soak-traffic.js';

const HANG_MS = 30_000;

interface Options {
  seconds: number;
  concurrency: number;
  phases: number[];
}

interface Result {
  kind: string;
  ms: number;
  status: number | 'hang' | 'network';
  correct: boolean;
}

function options(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seconds = Number(value('seconds') ?? 60);
  const concurrency = Number(value('concurrency') ?? 32);
  const instances = value('instances') ?? 'both';
  if (!Number.isInteger(seconds) || seconds < 5 || seconds > 600) throw new Error('--seconds must be an integer from 5 to 600');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 512)
    throw new Error('--concurrency must be an integer from 1 to 512');
  if (!['1', '2', 'both'].includes(instances)) throw new Error('--instances must be 1, 2 or both');
  return { seconds, concurrency, phases: instances === 'both' ? [1, 2] : [Number(instances)] };
}

async function send(url: string, key: string, kind: TrafficKind): Promise<Result> {
  const started = performance.now();
  try {
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(kind.body),
      signal: AbortSignal.timeout(HANG_MS),
    });
    const text = await res.text();
    let correct = kind.accept.includes(res.status);
    if (correct && kind.stream && res.status === 200) {
      const erred = text.includes('data: {"error"');
      correct = text.trimEnd().endsWith('data: [DONE]') && (kind.stream === 'error') === erred;
    }
    return { kind: kind.name, ms: performance.now() - started, status: res.status, correct };
  } catch (error) {
    const hang = (error as Error).name === 'TimeoutError';
    return { kind: kind.name, ms: performance.now() - started, status: hang ? 'hang' : 'network', correct: false };
  }
}

async function phase(instances: number, opts: Options, fake: FakeUpstream): Promise<void> {
  const yaml = `providers:\n  soak:\n    kind: openai-compatible\n    baseUrl: ${fake.url}/v1\n    models: [fake-model]\n`;
  const cluster = await startCluster(instances, `sy-soak-${randomBytes(4).toString('hex')}:`, { LOG_LEVEL: 'warn' }, yaml);
  try {
    const urls = cluster.gateways.map((gateway) => gateway.url);
    const { key } = await cluster.gateways[0].mintKey({ name: 'soak' });
    console.log(`\n== ${instances} instance(s), ${opts.concurrency} concurrent clients, ${opts.seconds} s ==`);
    const results: Result[] = [];
    const random = seededRandom(42);
    const end = Date.now() + opts.seconds * 1000;
    let next = 0;
    let interval: Result[] = [];
    const rss: Array<{ atS: number; mb: number[] }> = [];
    const sampleMs = Math.min(30_000, Math.max(2_000, Math.round((opts.seconds * 1000) / 12)));
    const startedAt = Date.now();
    const sampler = setInterval(() => {
      const atS = Math.round((Date.now() - startedAt) / 1000);
      const mb = cluster.gateways.map((gateway) => rssMb(gateway.process.pid));
      rss.push({ atS, mb });
      const lat = interval.map((r) => r.ms).sort((x, y) => x - y);
      console.log(
        `  t=${String(atS).padStart(4)}s  ${(interval.length / (sampleMs / 1000)).toFixed(0).padStart(5)} req/s  p99 ${percentile(lat, 99).toFixed(1).padStart(7)} ms  RSS ${mb.map((m) => `${m} MB`).join(' / ')}`,
      );
      interval = [];
      fake.requests.splice(0);
    }, sampleMs);
    // Clients alternate between instances, as a round-robin balancer would.
    const worker = async (): Promise<void> => {
      while (Date.now() < end) {
        const result = await send(urls[next++ % urls.length], key, pickKind(random));
        results.push(result);
        interval.push(result);
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    clearInterval(sampler);
    const elapsedS = (Date.now() - startedAt) / 1000;

    let recorded = 0;
    let inFlight = 0;
    for (const gateway of cluster.gateways) {
      const samples = parseMetrics(await (await gateway.request('/metrics', { key: null })).text());
      recorded += metricValue(samples, 'switchyard_requests_total');
      inFlight += metricValue(samples, 'switchyard_in_flight_requests') - 1; // minus this scrape
    }
    report(results, elapsedS, rss, recorded, inFlight);
    const codes = await cluster.stop();
    console.log(`  shutdown: exit codes ${codes.join(', ')}`);
  } finally {
    await cluster.cleanUp();
  }
}

function report(results: Result[], elapsedS: number, rss: Array<{ atS: number; mb: number[] }>, recorded: number, inFlight: number): void {
  const all = results.map((r) => r.ms).sort((a, b) => a - b);
  const non2xx = results.filter((r) => r.status !== 200).length;
  const wrong = results.filter((r) => !r.correct);
  const hanging = results.filter((r) => r.status === 'hang').length;
  console.log(`  requests ${results.length}, throughput ${(results.length / elapsedS).toFixed(1)} req/s`);
  console.log(
    `  latency p50 ${percentile(all, 50).toFixed(1)} ms, p90 ${percentile(all, 90).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms, max ${all.at(-1)?.toFixed(1)} ms`,
  );
  console.log(
    `  non-200 answers ${((100 * non2xx) / results.length).toFixed(2)}% (intended failures included); unexpected ${wrong.length} (${((100 * wrong.length) / results.length).toFixed(3)}%)`,
  );
  console.log(`  hanging (no answer in ${HANG_MS / 1000} s) ${hanging}; in flight on the gateways afterwards ${inFlight}`);
  console.log(`  recorded by the gateways' after-request hooks ${recorded} of ${results.length} sent (lost ${results.length - recorded})`);
  for (const kind of [...new Set(results.map((r) => r.kind))]) {
    const mine = results.filter((r) => r.kind === kind);
    const lat = mine.map((r) => r.ms).sort((a, b) => a - b);
    console.log(
      `    ${kind.padEnd(20)} ${String(mine.length).padStart(7)}  p50 ${percentile(lat, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(lat, 99).toFixed(1).padStart(7)} ms  wrong ${mine.filter((r) => !r.correct).length}`,
    );
  }
  if (wrong.length > 0) console.log(`  first unexpected: ${JSON.stringify(wrong.slice(0, 3))}`);
  // Growth after warm-up (the first quarter of the samples) says more than any single reading.
  const warm = rss.slice(Math.floor(rss.length / 4));
  const trends = warm[0]?.mb.map((_, i) => slope(warm.map((s) => [s.atS / 60, s.mb[i]]))) ?? [];
  console.log(`  RSS trend after warm-up: ${trends.map((t) => `${t >= 0 ? '+' : ''}${t.toFixed(2)} MB/min`).join(' / ')}`);
  // The slope of a GC sawtooth is noisy over short runs; medians of the first and last third are steadier.
  const third = Math.max(1, Math.floor(warm.length / 3));
  const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  const ranges = (warm[0]?.mb ?? []).map((_, i) => {
    const series = warm.map((s) => s.mb[i]);
    return `min ${Math.min(...series)} max ${Math.max(...series)}, median ${median(series.slice(0, third))} → ${median(series.slice(-third))} MB`;
  });
  console.log(`  RSS after warm-up: ${ranges.join(' / ')}`);
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const fake = await FakeUpstream.start();
  const random = seededRandom(7);
  fake.route('POST', '/v1/chat/completions', (req) => {
    if ((req.body as { stream?: boolean }).stream) {
      return compatible.chatStream({
        deltas: ['soak ', 'stream ', 'ok'],
        usage: { promptTokens: 8, completionTokens: 3 },
        interChunkDelayMs: 2,
      });
    }
    if (random() < 0.1) return { status: 500, json: { error: { message: 'fake upstream failure', type: 'server_error', code: null } } };
    return compatible.chatCompletion({ content: 'soak ok', promptTokens: 8, completionTokens: 2 });
  });
  try {
    for (const instances of opts.phases) await phase(instances, opts, fake);
  } finally {
    await fake.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('soak failed:', error);
    process.exit(1);
  },
);
