import { describe, expect, it } from '@jest/globals';
import { firstProbeDelay, nextProbeDelay } from './next-probe-delay.js';

describe('probe delays', () => {
  it('adds up to the jitter to the interval', () => {
    expect(nextProbeDelay(60_000, 5_000, () => 0)).toBe(60_000);
    expect(nextProbeDelay(60_000, 5_000, () => 0.999999)).toBe(65_000);
    expect(nextProbeDelay(1_000, 0, () => 0.7)).toBe(1_000);
  });

  it('starts the first probe within the jitter but never later than one interval', () => {
    expect(firstProbeDelay(60_000, 5_000, () => 0.5)).toBe(2_500);
    expect(firstProbeDelay(1_000, 5_000, () => 0.9)).toBe(1_000);
    expect(firstProbeDelay(1_000, 0, () => 0.9)).toBe(0);
  });
});
