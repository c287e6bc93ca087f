import { measureRequests, type LoadResult, type Phase, type RequestSpec, type Target } from './load.js';

export interface Workload {
  target: Target;
  spec: RequestSpec;
}

/** Rounds each workload's measured window is split into. */
const ROUNDS = 3;
/** Warm-up of every round: connections open, the gateway already warm. */
const ROUND_WARMUP_MS = 250;
/** The warm-up pass is a window like any other; this little of it is measured (and dropped). */
const WARM_PASS_MEASURE_MS = 1;

function merge(parts: LoadResult[]): LoadResult {
  const samples = parts.reduce((sum, part) => sum + part.latencyMs.length, 0);
  const seconds = parts.reduce((sum, part) => sum + part.latencyMs.length / part.throughput, 0);
  const latencyMs = new Float64Array(samples);
  let offset = 0;
  for (const part of parts) {
    latencyMs.set(part.latencyMs, offset);
    offset += part.latencyMs.length;
  }
  return {
    latencyMs,
    throughput: samples / seconds,
    cpuMsPerRequest: parts.reduce((sum, part) => sum + part.cpuMsPerRequest * part.latencyMs.length, 0) / samples,
    completed: parts.reduce((sum, part) => sum + part.completed, 0),
  };
}

/**
 * Measures workloads that are compared with each other in rounds rather than
 * one after the other, so a neighbour's load on the shared machine weighs on
 * each alike: first a warm-up pass over all of them (the gateway's JIT and
 * caches warm before any measured window), then rounds whose order rotates
 * (A B C, B C A, C A B) so no workload always follows the same one. Each gets
 * the phase's measured time in total; `completed` includes the warm-up
 * requests. Results come in the order given.
 */
export async function measureInterleaved(workloads: Workload[], phase: Phase): Promise<LoadResult[]> {
  const parts: LoadResult[][] = workloads.map(() => []);
  const warmedUp: number[] = [];
  for (const { target, spec } of workloads) {
    const pass = await measureRequests(target, spec, { ...phase, measureMs: WARM_PASS_MEASURE_MS });
    warmedUp.push(pass.completed);
  }
  const window: Phase = { connections: phase.connections, warmupMs: ROUND_WARMUP_MS, measureMs: phase.measureMs / ROUNDS };
  for (let round = 0; round < ROUNDS; round++) {
    for (let step = 0; step < workloads.length; step++) {
      const index = (round + step) % workloads.length;
      const { target, spec } = workloads[index];
      parts[index].push(await measureRequests(target, spec, window));
    }
  }
  return parts.map((measured, index) => {
    const merged = merge(measured);
    return { ...merged, completed: merged.completed + warmedUp[index] };
  });
}
