import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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
 * Once the application is initialised, before the port opens:
 *
 * - The young generation grows again as V8 would let it, and the old
 *   generation grows by at most 20% between full collections. V8's own factor
 *   (up to 4× the live heap on a machine with memory to spare) let the ~80 MiB
 *   live heap reach 450+ MiB of RSS under load. The whole bench peaks at
 *   264 MiB with 50%, 245-250 MiB with 30% and 243 MiB with 20%, CPU per
 *   request the same within the run-to-run noise (README, Performance).
 * - One full, compacting collection. Start-up leaves ~14 MiB of garbage and
 *   half-empty pages that V8's memory reducer would only compact 8-12 s later;
 *   now no request can be waiting for it. It runs after the growth setting on
 *   purpose: the collection sets the next limit, and with V8's default factor
 *   the 64-connection bench peaked 30-60 MiB higher.
 *
 * The gc function is fetched the way V8 exposes it, for this one call; the
 * flags are switched back at once, so the application never sees a global gc().
 */
export function settleHeapForServing(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
  setFlagsFromString('--heap-growing-percent=20');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  setFlagsFromString('--compact-on-every-full-gc');
  gc();
  setFlagsFromString('--no-compact-on-every-full-gc');
}
