import { setFlagsFromString } from 'node:v8';

/**
 * Start-up allocates a lot that lives for the whole process (module code,
 * Nest and GraphQL metadata). With V8's default the young generation doubles
 * on each busy scavenge and ends start-up at its 2 × 16 MiB maximum, which an
 * idle gateway then keeps: about 30 MiB of idle RSS for nothing. Holding it at
 * its initial size while modules load, then letting it grow with real
 * traffic, keeps the idle footprint small without slowing requests. (The
 * growth factor is read at each resize, so changing it at run time takes
 * effect; the maximum size is not, and stays V8's default.)
 */
export function holdYoungGenerationForStartUp(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * Once the server listens: the young generation grows again as V8 would let
 * it, and the old generation grows by at most 20% between full collections.
 * V8's own factor (up to 4× the live heap on a machine with memory to spare)
 * let the ~80 MiB live heap reach 450+ MiB of RSS under load. The whole bench
 * peaks at 264 MiB with 50%, 245-250 MiB with 30% and 243 MiB with 20%, CPU
 * per request the same within the run-to-run noise (README, Performance).
 */
export function servingHeap(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
  setFlagsFromString('--heap-growing-percent=20');
}
