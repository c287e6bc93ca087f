import { describe, expect, it } from '@jest/globals';
import { BUILT_IN_POLICY, type ProviderPolicy } from '../../config/resilience-config.js';
import { UpstreamFailure, type FailureKind, type FailureHints } from '../../upstream/upstream-failure.js';
import { decideRetry, type RetryState } from './retry-decision.js';

const policy: ProviderPolicy = {
  ...BUILT_IN_POLICY,
  retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000, jitter: 'none' },
  coldStart: { maxWaitMs: 60_000, retryDelayMs: 5000 },
};
const state: RetryState = { tries: 1, coldWaitedMs: 0, remainingMs: 30_000, otherKeyUsable: false };
const failure = (kind: FailureKind, hints: FailureHints = {}, skipped = false): UpstreamFailure =>
  new UpstreamFailure(kind, 500, 'x', 'x', hints, skipped);
const decide = (f: UpstreamFailure, s: Partial<RetryState> = {}): ReturnType<typeof decideRetry> =>
  decideRetry(f, { ...state, ...s }, policy, () => 0.5);

describe('decideRetry', () => {
  it.each<FailureKind>(['bad_request', 'context_length', 'content_policy', 'not_found'])('never retries %s', (kind) => {
    expect(decide(failure(kind))).toEqual({ action: 'move_on', reason: 'not_retryable' });
  });

  it.each<FailureKind>(['server', 'timeout', 'network'])('retries %s with exponential backoff up to maxAttempts', (kind) => {
    expect(decide(failure(kind), { tries: 1 })).toEqual({ action: 'retry', delayMs: 100, reason: 'backoff' });
    expect(decide(failure(kind), { tries: 2 })).toEqual({ action: 'retry', delayMs: 200, reason: 'backoff' });
    expect(decide(failure(kind), { tries: 3 })).toEqual({ action: 'move_on', reason: 'attempts_exhausted' });
  });

  it('honours Retry-After over the backoff, and fails over when it is longer than allowed', () => {
    expect(decide(failure('rate_limited', { retryAfterMs: 1500 }))).toEqual({ action: 'retry', delayMs: 1500, reason: 'retry_after' });
    expect(decide(failure('server', { retryAfterMs: 10 }))).toEqual({ action: 'retry', delayMs: 10, reason: 'retry_after' });
    expect(decide(failure('rate_limited', { retryAfterMs: 6000 }))).toEqual({ action: 'move_on', reason: 'retry_after_too_long' });
  });

  it('never sleeps past the deadline', () => {
    expect(decide(failure('rate_limited', { retryAfterMs: 1500 }), { remainingMs: 1000 })).toEqual({
      action: 'move_on',
      reason: 'deadline',
    });
    expect(decide(failure('server'), { remainingMs: 50 })).toEqual({ action: 'move_on', reason: 'deadline' });
    expect(decide(failure('timeout'), { remainingMs: 0 })).toEqual({ action: 'move_on', reason: 'deadline' });
  });

  it('retries a rate limit or a refused key at once when another key is usable', () => {
    expect(decide(failure('rate_limited'), { otherKeyUsable: true })).toEqual({ action: 'retry', delayMs: 0, reason: 'other_key' });
    expect(decide(failure('auth'), { otherKeyUsable: true })).toEqual({ action: 'retry', delayMs: 0, reason: 'other_key' });
    expect(decide(failure('quota'), { otherKeyUsable: false })).toEqual({ action: 'move_on', reason: 'no_usable_key' });
    expect(decide(failure('auth'), { otherKeyUsable: true, tries: 3 })).toEqual({ action: 'move_on', reason: 'attempts_exhausted' });
  });

  it('waits for a cold model as long as the provider estimates, within the cold-start budget', () => {
    expect(decide(failure('cold_start', { estimatedTimeMs: 20_000 }))).toEqual({ action: 'retry', delayMs: 20_000, reason: 'cold_start' });
    expect(decide(failure('cold_start'), { tries: 7 })).toEqual({ action: 'retry', delayMs: 5000, reason: 'cold_start' });
    expect(decide(failure('cold_start', { estimatedTimeMs: 20_000 }), { coldWaitedMs: 45_000 })).toEqual({
      action: 'move_on',
      reason: 'cold_start_budget',
    });
  });

  it('fails over instead of waiting for a cold model past the deadline', () => {
    expect(decide(failure('cold_start', { estimatedTimeMs: 20_000 }), { remainingMs: 10_000 })).toEqual({
      action: 'move_on',
      reason: 'deadline',
    });
  });

  it('moves on from what the gateway itself refused (circuit open, keys resting, queue full)', () => {
    expect(decide(failure('rate_limited', {}, true), { otherKeyUsable: true })).toEqual({ action: 'move_on', reason: 'skipped' });
  });
});
