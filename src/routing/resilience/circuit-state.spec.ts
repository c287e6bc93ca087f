import { describe, expect, it } from '@jest/globals';
import type { CircuitPolicy } from '../../config/resilience-config.js';
import { admit, CLOSED, isOpen, onFailure, onNeutral, onSuccess, type CircuitState } from './circuit-state.js';

const policy: CircuitPolicy = { failureThreshold: 3, windowMs: 1000, cooldownMs: 500, halfOpenProbes: 1 };

function failTimes(times: number[]): CircuitState {
  return times.reduce((state, at) => onFailure(state, 'closed', at, policy), CLOSED);
}

describe('circuit state', () => {
  it('does not open on one error, only when failures cross the threshold within the window', () => {
    expect(failTimes([0]).openUntil).toBe(0);
    expect(failTimes([0, 100]).openUntil).toBe(0);
    expect(failTimes([0, 100, 200]).openUntil).toBe(700);
  });

  it('forgets failures older than the window', () => {
    expect(failTimes([0, 100, 1500]).openUntil).toBe(0);
    expect(failTimes([0, 100, 1500, 1600]).openUntil).toBe(0);
    expect(failTimes([0, 100, 1500, 1600, 1700]).openUntil).toBe(2200);
  });

  it('refuses while open, then lets one probe through (half-open)', () => {
    const open = failTimes([0, 100, 200]);
    expect(admit(open, 600, policy).admission).toBe('open');
    expect(isOpen(open, 600, policy)).toBe(true);
    const probing = admit(open, 700, policy);
    expect(probing.admission).toBe('probe');
    expect(admit(probing.state, 710, policy).admission).toBe('open');
    expect(isOpen(open, 700, policy)).toBe(false);
  });

  it('closes when the probe succeeds and reopens for a new cooldown when it fails', () => {
    const probing = admit(failTimes([0, 100, 200]), 700, policy).state;
    expect(onSuccess(probing, 'probe')).toEqual(CLOSED);
    expect(onFailure(probing, 'probe', 800, policy)).toEqual({ failures: [], openUntil: 1300, probes: 0 });
  });

  it('frees the probe slot when its outcome says nothing about health', () => {
    const probing = admit(failTimes([0, 100, 200]), 700, policy).state;
    expect(admit(onNeutral(probing, 'probe'), 710, policy).admission).toBe('probe');
  });

  it('ignores outcomes of requests admitted before the circuit opened', () => {
    const open = failTimes([0, 100, 200]);
    expect(onFailure(open, 'closed', 300, policy)).toBe(open);
    expect(onSuccess(open, 'closed')).toBe(open);
  });
});
