/** The wait before the next probe: the interval plus up to `jitterMs` at random, so instances drift apart. */
export function nextProbeDelay(intervalMs: number, jitterMs: number, random: () => number = Math.random): number {
  return intervalMs + Math.floor(random() * (jitterMs + 1));
}

/** The first probe comes soon after start (within the jitter, at most one interval) rather than a whole interval later. */
export function firstProbeDelay(intervalMs: number, jitterMs: number, random: () => number = Math.random): number {
  return Math.min(intervalMs, Math.floor(random() * (jitterMs + 1)));
}
