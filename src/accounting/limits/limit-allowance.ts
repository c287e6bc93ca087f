/** A per-minute limit over a window of `windowSeconds` (rpm × seconds / 60, at least 1). */
export function allowance(perMinute: number, windowSeconds: number): number {
  return Math.max(1, Math.ceil((perMinute * windowSeconds) / 60));
}
