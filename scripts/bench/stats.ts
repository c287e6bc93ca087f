/** Nearest-rank percentile (q in 0..1) of unsorted samples; the input is left as is. */
export function percentile(samples: Float64Array, q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function p50(samples: Float64Array): number {
  return percentile(samples, 0.5);
}

export function p99(samples: Float64Array): number {
  return percentile(samples, 0.99);
}
