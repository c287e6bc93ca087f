import { describe, expect, it } from '@jest/globals';
import { nextPollDelayMs } from './poll-schedule.js';

const settings = { pollMs: 1000, pollMaxMs: 10_000 };
const middle = (): number => 0.5;

describe('nextPollDelayMs', () => {
  it('grows by half per poll up to the maximum', () => {
    expect([0, 1, 2, 3, 10].map((polls) => nextPollDelayMs(polls, settings, undefined, middle))).toEqual([1000, 1500, 2250, 3375, 10_000]);
  });

  it('jitters by at most 10% and stays within the bounds', () => {
    expect(nextPollDelayMs(2, settings, undefined, () => 0)).toBe(2025);
    expect(nextPollDelayMs(2, settings, undefined, () => 1)).toBe(2475);
    expect(nextPollDelayMs(0, settings, undefined, () => 0)).toBe(1000);
    expect(nextPollDelayMs(20, settings, undefined, () => 1)).toBe(10_000);
  });

  it("uses the provider's remaining-time hint when it is sooner than the backoff", () => {
    expect(nextPollDelayMs(5, settings, 4000, middle)).toBe(4000);
    expect(nextPollDelayMs(0, settings, 4000, middle)).toBe(1000);
    expect(nextPollDelayMs(5, settings, 10, middle)).toBe(7594);
  });
});
