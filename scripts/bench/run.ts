import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNode, type NodeChild } from './child.js';
import { startBenchGateway, type BenchGateway } from './gateway.js';
import { below, markdownTable, type ReportRow } from './report.js';
import { readRssMiB, RssSampler } from './proc.js';
import { measureGraphqlRequests } from './graphql-load.js';
import { chatOperation } from './graphql-scenarios.js';
import { measureRequests, measureStreams } from './load.js';
import { CHAT, chatStream, SCENARIOS, type BenchContext } from './scenarios.js';

/**
 * `npm run bench`: the gateway's overhead over a direct call to an upstream
 * that answers at once, beside a bare Node proxy's in the same run (the
 * reference rows: what any proxy hop costs on this machine). Options:
 * --seconds=N per measured window (default 5), --warmup=N (default 1),
 * --only=<text> to run matching scenarios (without the memory figures, which
 * need the whole run), --cpu-prof to write a CPU profile of the gateway (open
 * it in Chrome DevTools), --gateway-main=<file> to measure another build
 * (before/after comparisons).
 */
interface Options {
  measureMs: number;
  warmupMs: number;
  only?: string;
  cpuProf: boolean;
  gatewayMain?: string;
}

const UPSTREAM_MAIN = fileURLToPath(new URL('./fake-upstream-main.js', import.meta.url));
const REFERENCE_MAIN = fileURLToPath(new URL('./reference-proxy-main.js', import.meta.url));
/**
 * Idle RSS is read this long after start-up (and one admin request). It
 * includes start-up garbage: V8's memory reducer returns it 15-50 s later,
 * too late to wait for here (README, Performance).
 */
const IDLE_SETTLE_MS = 2_000;
const PROFILE_DIR = join(tmpdir(), 'switchyard-bench-profile');

/**
 * A gateway serves for days: the first scenario should not measure its first
 * few thousand requests, which run before V8 has optimised the hot path (the
 * 1 s per-scenario warm-up left c=1 p50 anywhere between 0.5 and 0.9 ms).
 */
const WARMUP_PER_WORKLOAD_MS = 1_000;

async function warmUp(ctx: BenchContext): Promise<void> {
  const phase = { connections: 16, warmupMs: 0, measureMs: WARMUP_PER_WORKLOAD_MS };
  for (const target of [ctx.direct, ctx.reference, ctx.gateway]) {
    await measureRequests(target, CHAT, phase);
    await measureStreams(target, chatStream(0), phase);
  }
  await measureGraphqlRequests(ctx.gateway, chatOperation(CHAT), phase);
}

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const seconds = (name: string, fallback: number): number => {
    const given = Number(value(name) ?? fallback);
    if (!(given > 0 && given <= 30)) throw new Error(`--${name} must be a number of seconds in (0, 30]`);
    return given * 1000;
  };
  return {
    measureMs: seconds('seconds', 5),
    warmupMs: seconds('warmup', 1),
    only: value('only'),
    cpuProf: argv.includes('--cpu-prof'),
    gatewayMain: value('gateway-main'),
  };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function machine(): string {
  const cores = cpus();
  return (
    `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `Node ${process.version}, load average ${loadavg()[0].toFixed(2)} at start`
  );
}

async function idleRssMiB(pid: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  return readRssMiB(pid) ?? Number.NaN;
}

function memoryRows(idleMiB: number, peakMiB: number): ReportRow[] {
  const scenario = 'gateway memory';
  return [
    { scenario, metric: 'idle RSS before load', unit: 'MiB', gateway: idleMiB, comparison: 'none', target: below(120, idleMiB, 'MiB') },
    { scenario, metric: 'peak RSS under load', unit: 'MiB', gateway: peakMiB, comparison: 'none', target: below(250, peakMiB, 'MiB') },
  ];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scenarios = SCENARIOS.filter((s) => !options.only || s.name.includes(options.only));
  if (scenarios.length === 0) throw new Error(`no scenario matches --only=${options.only}`);
  // Bounded whatever happens: each scenario's windows, plus start-up and slack.
  const windows = scenarios.reduce((sum, scenario) => sum + (scenario.windows ?? 2), 0);
  const deadlineMs = 60_000 + windows * (options.warmupMs + options.measureMs) * 1.5;
  let upstream: NodeChild | undefined;
  let reference: NodeChild | undefined;
  let gateway: BenchGateway | undefined;
  const cleanup = async (): Promise<void> => {
    await Promise.allSettled([gateway?.close(), reference?.stop(), upstream?.stop()]);
  };
  // Last resort on any exit path: never leave a gateway running.
  process.once('exit', () => {
    upstream?.process.kill('SIGKILL');
    reference?.process.kill('SIGKILL');
    gateway?.kill();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().then(() => process.exit(130)));
  const watchdog = setTimeout(() => {
    log(`bench: exceeded ${Math.round(deadlineMs / 1000)} s, stopping`);
    void cleanup().then(() => process.exit(1));
  }, deadlineMs);
  watchdog.unref();

  try {
    const host = machine();
    log(`bench: ${host}`);
    // The fake and the reference proxy both print "… listening on <origin>".
    const helper = { env: { PATH: process.env.PATH ?? '' }, cwd: process.cwd(), ready: /listening on (\S+)/ };
    upstream = await startNode([UPSTREAM_MAIN], helper);
    reference = await startNode([REFERENCE_MAIN, upstream.ready], helper);
    gateway = await startBenchGateway(upstream.ready, { main: options.gatewayMain, profileDir: options.cpuProf ? PROFILE_DIR : undefined });
    log(`bench: fake upstream ${upstream.ready}, reference proxy ${reference.ready}, gateway ${gateway.url} (pid ${gateway.pid})`);
    // Memory is only meaningful for the whole run: --only skips the idle reading and the memory rows.
    const idleMiB = options.only ? undefined : await idleRssMiB(gateway.pid);

    const ctx: BenchContext = {
      direct: { label: 'direct', origin: upstream.ready, headers: { authorization: 'Bearer bench' }, pid: upstream.process.pid as number },
      gateway: { label: 'gateway', origin: gateway.url, headers: { authorization: `Bearer ${gateway.clientKey}` }, pid: gateway.pid },
      reference: {
        label: 'reference',
        origin: reference.ready,
        headers: { authorization: 'Bearer bench' },
        pid: reference.process.pid as number,
      },
      admin: gateway.admin,
      warmupMs: options.warmupMs,
      measureMs: options.measureMs,
    };
    const rows: ReportRow[] = [];
    const sampler = new RssSampler(gateway.pid);
    sampler.start();
    log(`bench: warming up, not measured: ${WARMUP_PER_WORKLOAD_MS / 1000} s each of REST and SSE on every server, GraphQL on the gateway`);
    await warmUp(ctx);
    for (const [index, scenario] of scenarios.entries()) {
      const result = await scenario.run(ctx);
      rows.push(...result.rows);
      const rss = sampler.lap();
      log(`[${index + 1}/${scenarios.length}] ${scenario.name}: ${result.summary}; gateway RSS peak ${rss?.toFixed(0) ?? 'n/a'} MiB`);
    }
    const peakMiB = sampler.stop() ?? Number.NaN;
    if (idleMiB !== undefined) rows.push(...memoryRows(idleMiB, peakMiB));
    const seconds = `${options.warmupMs / 1000} s warm-up + ${options.measureMs / 1000} s measured per target`;
    console.log(`\n${host}; ${seconds}\n\n${markdownTable(rows)}\n`);
    const missed = rows.filter((row) => row.target && !row.target.met).length;
    log(missed ? `bench: ${missed} target(s) missed` : 'bench: every target met');
    if (options.cpuProf) log(`bench: the gateway writes its CPU profile to ${PROFILE_DIR} when it stops`);
  } catch (error) {
    const output = gateway?.output().trim();
    if (output) log(`bench: gateway output:\n${output.slice(-3000)}`);
    throw error;
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
