import { describe, expect, it } from '@jest/globals';
import { classifyFailure, readErrorBody, retryAfterMs } from './classify-failure.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('retry hints', () => {
  it('reads retry-after-ms, then retry-after as seconds or an HTTP date', () => {
    expect(retryAfterMs({ 'retry-after-ms': '644', 'retry-after': '9' }, NOW)).toBe(644);
    expect(retryAfterMs({ 'retry-after': '2' }, NOW)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, NOW)).toBe(30_000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }, NOW)).toBe(0);
    expect(retryAfterMs({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
  });

  it('attaches the rate-limit headers of a 429, including those OpenRouter echoes in the body', () => {
    const body = readErrorBody(
      JSON.stringify({
        error: {
          code: 429,
          message: 'Rate limit exceeded: free-models-per-day',
          metadata: { headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(NOW + 3_600_000) } },
        },
      }),
    );
    const failure = classifyFailure(429, {}, body, NOW);
    expect(failure.kind).toBe('rate_limited');
    expect(failure.hints.rateLimit).toEqual({
      remainingRequests: 0,
      remainingTokens: undefined,
      resetRequestsAt: NOW + 3_600_000,
      resetTokensAt: undefined,
    });
  });

  it('lets x-should-retry: false stop a retry of a 5xx', () => {
    expect(classifyFailure(503, { 'x-should-retry': 'false' }, { message: 'x', hasModerationMetadata: false }, NOW).kind).toBe(
      'bad_request',
    );
  });
});
