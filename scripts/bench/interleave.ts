import { measureRequests, type LoadResult, type Phase, type RequestSpec, type Target } from './load.js';

export interface Workload {
  target: Target;
  spec: RequestSpec;
}

/** Rounds each workload's measured window is split into. */
const ROUNDS = 3;
/** Warm-up of every round after the first: connections open, no JIT left to settle. */
const ROUND_WARMUP_MS = 250;

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
 * Measures workloads that are compared with each other (A B C A B C …)
 * rather than one after the other, so a neighbour's load on the shared
 * machine or the gateway still warming up weighs on each alike. Each gets the
 * phase's measured time in total; the results come in the order given.
 */
export async function measureInterleaved(workloads: Workload[], phase: Phase): Promise<LoadResult[]> {
  const parts: LoadResult[][] = workloads.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    const window: Phase = {
      connections: phase.connections,
      warmupMs: round === 0 ? phase.warmupMs : Math.min(phase.warmupMs, ROUND_WARMUP_MS),
      measureMs: phase.measureMs / ROUNDS,
    };
    for (const [index, { target, spec }] of workloads.entries()) parts[index].push(await measureRequests(target, spec, window));
  }
  return parts.map(merge);
}
