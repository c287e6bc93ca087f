type Headers = Record<string, string | string[] | undefined>;

/** What an upstream said about the remaining quota of the key that made the call. */
export interface RateLimitSnapshot {
  remainingRequests?: number;
  remainingTokens?: number;
  /** Epoch ms when the request (token) window resets. */
  resetRequestsAt?: number;
  resetTokensAt?: number;
}

const GO_UNITS_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$/;
const GO_PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;

/** Go's time.Duration text ("644ms", "1.5s", "6m0s"), OpenAI's reset format; undefined if it is not one. */
export function parseGoDurationMs(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(GO_PART)) total += Number(amount) * GO_UNITS_MS[unit];
  return total;
}

/**
 * A reset header as epoch ms. Formats differ by provider (PROVIDERS.md §8b):
 * Go durations (OpenAI), Unix seconds (Venice requests), epoch ms (OpenRouter),
 * seconds from now (Together, Venice tokens). Large numbers are timestamps.
 */
export function parseResetAt(raw: string, now: number): number | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const go = parseGoDurationMs(text);
  if (go !== undefined) return now + go;
  const value = Number(text);
  if (Number.isFinite(value) && value >= 0) {
    if (value >= 1e12) return value;
    if (value >= 1e9) return value * 1000;
    return now + value * 1000;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : date;
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function count(headers: Headers, ...names: string[]): number | undefined {
  for (const name of names) {
    const value = header(headers, name);
    if (value !== undefined && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  }
  return undefined;
}

function resetAt(headers: Headers, now: number, ...names: string[]): number | undefined {
  for (const name of names) {
    const value = header(headers, name);
    if (value !== undefined) return parseResetAt(value, now);
  }
  return undefined;
}

/**
 * Reads `x-ratelimit-*` in every provider's dialect: OpenAI and Venice
 * (`-requests`/`-tokens` suffixes), Together (`x-ratelimit-*` for requests,
 * `x-tokenlimit-*` for tokens) and OpenRouter (`X-RateLimit-*` on its own 429s).
 * Header names arrive lower-cased. Undefined when the response had none.
 */
export function parseRateLimitHeaders(headers: Headers, now: number): RateLimitSnapshot | undefined {
  const snapshot: RateLimitSnapshot = {
    remainingRequests: count(headers, 'x-ratelimit-remaining-requests', 'x-ratelimit-remaining'),
    remainingTokens: count(headers, 'x-ratelimit-remaining-tokens', 'x-tokenlimit-remaining'),
    resetRequestsAt: resetAt(headers, now, 'x-ratelimit-reset-requests', 'x-ratelimit-reset'),
    resetTokensAt: resetAt(headers, now, 'x-ratelimit-reset-tokens'),
  };
  return Object.values(snapshot).some((value) => value !== undefined) ? snapshot : undefined;
}

/** When a key whose window is used up may send again (epoch ms); undefined while it still has quota. */
export function exhaustedUntil(snapshot: RateLimitSnapshot | undefined, now: number): number | undefined {
  if (!snapshot) return undefined;
  let until: number | undefined;
  if (snapshot.remainingRequests === 0 && snapshot.resetRequestsAt !== undefined && snapshot.resetRequestsAt > now) {
    until = snapshot.resetRequestsAt;
  }
  if (snapshot.remainingTokens === 0 && snapshot.resetTokensAt !== undefined && snapshot.resetTokensAt > now) {
    until = Math.max(until ?? 0, snapshot.resetTokensAt);
  }
  return until;
}
