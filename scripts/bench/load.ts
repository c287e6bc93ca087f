import { Pool, request } from 'undici';
import { readCpuMs } from './proc.js';

/** Where a workload is sent: the fake upstream itself, or the gateway or the reference proxy in front of it. */
export interface Target {
  label: 'direct' | 'gateway' | 'reference';
  origin: string;
  headers: Record<string, string>;
  /** The serving process (the fake upstream, the gateway or the reference proxy), whose CPU time per request is reported. */
  pid: number;
}

export interface Phase {
  connections: number;
  warmupMs: number;
  measureMs: number;
}

/** Response headers as undici gives them. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface RequestSpec {
  path: string;
  /** Serialised once; every request sends the same bytes. */
  body: string;
  /**
   * Run on every 200 response: a message means it was not the situation the
   * scenario measures (no hop made, no cost charged), and the run stops.
   */
  check?: (headers: ResponseHeaders) => string | undefined;
}

/** Response times in ms, one per request, taken with process.hrtime.bigint(). */
export interface LoadResult {
  latencyMs: Float64Array;
  /** Requests completed per second over the measured window. */
  throughput: number;
  /** CPU time the serving process spent per request in the measured window. */
  cpuMsPerRequest: number;
  /** Every request answered, warm-up included: what a ledger must account for. */
  completed: number;
}

export interface StreamResult {
  /** From sending the request to the first body byte (the first SSE event). */
  firstByteMs: Float64Array;
  /** From sending the request to the end of the stream. */
  totalMs: Float64Array;
  throughput: number;
  cpuMsPerRequest: number;
}

const NS_PER_MS = 1e6;

export function toMs(from: bigint, to: bigint): number {
  return Number(to - from) / NS_PER_MS;
}

async function failure(statusCode: number, body: AsyncIterable<Buffer> & { text(): Promise<string> }, target: Target): Promise<Error> {
  const text = await body.text().catch(() => '');
  return new Error(`${target.label} answered ${statusCode}: ${text.slice(0, 300)}`);
}

/**
 * Closed loop: `connections` workers each send the next request as soon as the
 * previous one is fully read. Warm-up results are dropped; requests still in
 * flight when the window closes are finished but not started anew.
 */
export async function closedLoop<T>(
  target: Target,
  phase: Phase,
  once: (pool: Pool) => Promise<T>,
): Promise<{ samples: T[]; seconds: number; cpuMsPerRequest: number; completed: number }> {
  const pool = new Pool(target.origin, { connections: phase.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  let completed = 0;
  try {
    const run = async (untilNs: bigint, samples: T[] | undefined): Promise<bigint> => {
      let last = process.hrtime.bigint();
      const worker = async (): Promise<void> => {
        while (process.hrtime.bigint() < untilNs) {
          const sample = await once(pool);
          completed++;
          samples?.push(sample);
        }
        const finished = process.hrtime.bigint();
        if (finished > last) last = finished;
      };
      await Promise.all(Array.from({ length: phase.connections }, worker));
      return last;
    };
    await run(process.hrtime.bigint() + BigInt(Math.round(phase.warmupMs * NS_PER_MS)), undefined);
    const samples: T[] = [];
    const cpuBefore = readCpuMs(target.pid) ?? Number.NaN;
    const start = process.hrtime.bigint();
    const end = await run(start + BigInt(Math.round(phase.measureMs * NS_PER_MS)), samples);
    const cpuMs = (readCpuMs(target.pid) ?? Number.NaN) - cpuBefore;
    return { samples, seconds: Number(end - start) / 1e9, cpuMsPerRequest: cpuMs / samples.length, completed };
  } finally {
    await pool.close();
  }
}

/** Non-streaming requests: the time until the whole response body is read. */
export async function measureRequests(target: Target, spec: RequestSpec, phase: Phase): Promise<LoadResult> {
  const headers = { ...target.headers, 'content-type': 'application/json' };
  const { samples, seconds, cpuMsPerRequest, completed } = await closedLoop(target, phase, async (pool) => {
    const started = process.hrtime.bigint();
    const res = await pool.request({ path: spec.path, method: 'POST', headers, body: spec.body });
    if (res.statusCode !== 200) throw await failure(res.statusCode, res.body, target);
    await res.body.arrayBuffer();
    const ended = process.hrtime.bigint();
    const problem = spec.check?.(res.headers);
    if (problem) throw new Error(`${target.label}: ${problem}`);
    return toMs(started, ended);
  });
  return { latencyMs: Float64Array.from(samples), throughput: samples.length / seconds, cpuMsPerRequest, completed };
}

/** Streaming requests: time to the first body byte and to the end of the stream, which must close with [DONE]. */
export async function measureStreams(target: Target, spec: RequestSpec, phase: Phase): Promise<StreamResult> {
  const headers = { ...target.headers, 'content-type': 'application/json', accept: 'text/event-stream' };
  const { samples, seconds, cpuMsPerRequest } = await closedLoop(target, phase, async (pool) => {
    const started = process.hrtime.bigint();
    const res = await pool.request({ path: spec.path, method: 'POST', headers, body: spec.body });
    if (res.statusCode !== 200) throw await failure(res.statusCode, res.body, target);
    const problem = spec.check?.(res.headers);
    if (problem) throw new Error(`${target.label}: ${problem}`);
    let firstByte: bigint | undefined;
    let tail = '';
    for await (const part of res.body as AsyncIterable<Buffer>) {
      firstByte ??= process.hrtime.bigint();
      tail = (tail + part.toString('latin1')).slice(-32);
    }
    const ended = process.hrtime.bigint();
    if (!tail.endsWith('data: [DONE]\n\n'))
      throw new Error(`${target.label} ended a stream without data: [DONE] (…${JSON.stringify(tail)})`);
    return [toMs(started, firstByte ?? ended), toMs(started, ended)] as const;
  });
  return {
    firstByteMs: Float64Array.from(samples, (s) => s[0]),
    totalMs: Float64Array.from(samples, (s) => s[1]),
    throughput: samples.length / seconds,
    cpuMsPerRequest,
  };
}

/** One request outside any measurement (to set a situation up); its status and headers, the body read and dropped. */
export async function requestOnce(target: Target, spec: RequestSpec): Promise<{ statusCode: number; headers: ResponseHeaders }> {
  const res = await request(`${target.origin}${spec.path}`, {
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: spec.body,
  });
  await res.body.dump();
  return { statusCode: res.statusCode, headers: res.headers };
}
