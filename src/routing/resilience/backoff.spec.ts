import { describe, expect, it } from '@jest/globals';
import { BUILT_IN_POLICY, type RetryPolicy } from '../../config/resilience-config.js';
import { backoffDelayMs } from './backoff.js';

const policy: RetryPolicy = { ...BUILT_IN_POLICY.retry, baseDelayMs: 100, maxDelayMs: 1000, jitter: 'full' };

describe('backoffDelayMs', () => {
  it('doubles the ceiling per retry and caps it at maxDelayMs', () => {
    const top = (): number => 0.999_999;
    expect([1, 2, 3, 4, 5, 10].map((retry) => backoffDelayMs(retry, policy, top))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('draws uniformly below the ceiling (full jitter): the random source decides where', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, policy, () => 0.25)).toBe(100);
  });

  it('without jitter waits exactly the ceiling', () => {
    const none = { ...policy, jitter: 'none' as const };
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, none, () => 0))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('survives absurd retry counts without overflowing the cap', () => {
    expect(backoffDelayMs(5000, { ...policy, jitter: 'none' }, () => 0)).toBe(1000);
  });
});
