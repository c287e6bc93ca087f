/**
 * Formats milliseconds like Go's time.Duration.String ("644ms", "1.5s", "6m0s"), the format of
 * OpenAI's x-ratelimit-reset-* headers (PROVIDERS.md §1, go-openai ratelimit.go).
 */
export function goDuration(ms: number): string {
  const whole = Math.round(ms);
  if (whole === 0) return '0s';
  if (whole < 1000) return `${whole}ms`;
  const hours = Math.floor(whole / 3_600_000);
  const minutes = Math.floor((whole % 3_600_000) / 60_000);
  const seconds = `${(whole % 60_000) / 1000}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}
