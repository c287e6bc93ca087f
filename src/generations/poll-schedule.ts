/**
 * Delay before poll number `polls` (0-based): the base delay grown by half
 * each time up to the maximum, with ±10% jitter so jobs created together do
 * not poll in lockstep. A provider's own hint (Venice's remaining time) wins
 * when it is shorter than the maximum.
 */
export function nextPollDelayMs(
  polls: number,
  settings: { pollMs: number; pollMaxMs: number },
  hintMs: number | undefined,
  random: () => number = Math.random,
): number {
  const grown = Math.min(settings.pollMaxMs, settings.pollMs * 1.5 ** Math.max(0, polls));
  const base = hintMs !== undefined && hintMs >= settings.pollMs && hintMs < grown ? hintMs : grown;
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return Math.max(settings.pollMs, Math.min(settings.pollMaxMs, Math.round(base * jitter)));
}
