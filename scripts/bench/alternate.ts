import type { LoadResult, Phase, StreamResult } from './load.js';

/** A later slice warms up this long at most: enough for a closed loop's workers to spread out again. */
const RESETTLE_MS = 300;

/**
 * Measures two workloads in alternating slices of the window (a, b, a, b, …)
 * and pools each side's slices, so load from neighbours that changes during
 * the run falls on both sides alike rather than on whichever ran second.
 */
export async function alternate<A, B>(
  phase: Phase,
  slices: number,
  a: { measure(phase: Phase): Promise<A>; pool(parts: A[]): A },
  b: { measure(phase: Phase): Promise<B>; pool(parts: B[]): B },
): Promise<[A, B]> {
  const as: A[] = [];
  const bs: B[] = [];
  for (let i = 0; i < slices; i++) {
    const warmupMs = i === 0 ? phase.warmupMs : Math.min(phase.warmupMs, RESETTLE_MS);
    const slice: Phase = { connections: phase.connections, warmupMs, measureMs: phase.measureMs / slices };
    as.push(await a.measure(slice));
    bs.push(await b.measure(slice));
  }
  return [a.pool(as), b.pool(bs)];
}

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, array) => n + array.length, 0));
  let offset = 0;
  for (const array of arrays) {
    out.set(array, offset);
    offset += array.length;
  }
  return out;
}

/** Requests per second over the slices' measured time together, and CPU per request weighted by each slice's count. */
function rates(
  parts: Array<{ throughput: number; cpuMsPerRequest: number }>,
  counts: number[],
): { throughput: number; cpuMsPerRequest: number } {
  const total = counts.reduce((n, count) => n + count, 0);
  const seconds = parts.reduce((s, part, i) => s + counts[i] / part.throughput, 0);
  const cpuMs = parts.reduce((ms, part, i) => ms + part.cpuMsPerRequest * counts[i], 0);
  return { throughput: total / seconds, cpuMsPerRequest: cpuMs / total };
}

export function poolRequests(parts: LoadResult[]): LoadResult {
  return {
    latencyMs: concat(parts.map((p) => p.latencyMs)),
    completed: parts.reduce((sum, p) => sum + p.completed, 0),
    ...rates(
      parts,
      parts.map((p) => p.latencyMs.length),
    ),
  };
}

export function poolStreams(parts: StreamResult[]): StreamResult {
  return {
    firstByteMs: concat(parts.map((p) => p.firstByteMs)),
    totalMs: concat(parts.map((p) => p.totalMs)),
    ...rates(
      parts,
      parts.map((p) => p.totalMs.length),
    ),
  };
}
