import { describe, expect, it } from '@jest/globals';
import { exhaustedUntil, parseGoDurationMs, parseRateLimitHeaders, parseResetAt } from './rate-limit-headers.js';

const NOW = 1_750_000_000_000;

describe('rate-limit headers (PROVIDERS.md §8b)', () => {
  it('parses Go durations (OpenAI resets)', () => {
    expect(['12ms', '1s', '1.5s', '6m0s', '1h2m3s', '644ms'].map(parseGoDurationMs)).toEqual([12, 1000, 1500, 360_000, 3_723_000, 644]);
    expect(parseGoDurationMs('60')).toBeUndefined();
  });

  it('reads a reset as a duration, seconds from now, Unix seconds or epoch ms', () => {
    expect(parseResetAt('6m0s', NOW)).toBe(NOW + 360_000);
    expect(parseResetAt('60', NOW)).toBe(NOW + 60_000);
    expect(parseResetAt('1750000060', NOW)).toBe(1_750_000_060_000);
    expect(parseResetAt(String(NOW + 5000), NOW)).toBe(NOW + 5000);
    expect(parseResetAt('', NOW)).toBeUndefined();
  });

  it('OpenAI: -requests/-tokens headers with Go-duration resets', () => {
    const snapshot = parseRateLimitHeaders(
      {
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-remaining-tokens': '29000',
        'x-ratelimit-reset-requests': '120ms',
        'x-ratelimit-reset-tokens': '2s',
      },
      NOW,
    );
    expect(snapshot).toEqual({ remainingRequests: 0, remainingTokens: 29_000, resetRequestsAt: NOW + 120, resetTokensAt: NOW + 2000 });
    expect(exhaustedUntil(snapshot, NOW)).toBe(NOW + 120);
  });

  it('Venice: requests reset at a Unix timestamp, tokens in seconds', () => {
    const snapshot = parseRateLimitHeaders(
      {
        'x-ratelimit-remaining-requests': '49',
        'x-ratelimit-reset-requests': String(NOW / 1000 + 60),
        'x-ratelimit-remaining-tokens': '0',
        'x-ratelimit-reset-tokens': '30',
      },
      NOW,
    );
    expect(snapshot?.resetRequestsAt).toBe(NOW + 60_000);
    expect(exhaustedUntil(snapshot, NOW)).toBe(NOW + 30_000);
  });

  it('Together: x-ratelimit-* for requests (reset in seconds) and x-tokenlimit-* for tokens', () => {
    const snapshot = parseRateLimitHeaders(
      { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1', 'x-tokenlimit-remaining': '150000' },
      NOW,
    );
    expect(snapshot).toEqual({ remainingRequests: 0, remainingTokens: 150_000, resetRequestsAt: NOW + 1000, resetTokensAt: undefined });
    expect(exhaustedUntil(snapshot, NOW)).toBe(NOW + 1000);
  });

  it('OpenRouter: X-RateLimit-* on its own 429s, reset as epoch ms (names arrive lower-cased)', () => {
    const snapshot = parseRateLimitHeaders(
      { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW + 60_000) },
      NOW,
    );
    expect(exhaustedUntil(snapshot, NOW)).toBe(NOW + 60_000);
  });

  it('has nothing to say about responses without the headers, or keys with quota left', () => {
    expect(parseRateLimitHeaders({ 'content-type': 'application/json' }, NOW)).toBeUndefined();
    expect(exhaustedUntil(parseRateLimitHeaders({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '9' }, NOW), NOW)).toBeUndefined();
    expect(exhaustedUntil(parseRateLimitHeaders({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' }, NOW), NOW)).toBeUndefined();
  });
});
