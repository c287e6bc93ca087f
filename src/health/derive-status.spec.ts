import { describe, expect, it } from '@jest/globals';
import { deriveStatus, isServable, type StatusInputs } from './derive-status.js';

const base: StatusInputs = {
  disabled: false,
  circuit: 'closed',
  keys: { usable: 2, total: 2 },
  consecutiveFaults: 0,
  probeFailed: false,
  errorRate: null,
  requests: 0,
  observed: true,
};

describe('deriveStatus', () => {
  it('is unknown before anything was observed and up after a success', () => {
    expect(deriveStatus({ ...base, observed: false })).toBe('unknown');
    expect(deriveStatus(base)).toBe('up');
  });

  it('reports a disabled provider as disabled whatever else is known', () => {
    expect(deriveStatus({ ...base, disabled: true, consecutiveFaults: 9 })).toBe('disabled');
  });

  it('is down when the circuit is open, every key rests, a probe failed, or three requests failed in a row', () => {
    expect(deriveStatus({ ...base, circuit: 'open' })).toBe('down');
    expect(deriveStatus({ ...base, keys: { usable: 0, total: 2 } })).toBe('down');
    expect(deriveStatus({ ...base, probeFailed: true })).toBe('down');
    expect(deriveStatus({ ...base, consecutiveFaults: 3 })).toBe('down');
  });

  it('is degraded after a single failure, a half-open circuit, or a high error rate over enough requests', () => {
    expect(deriveStatus({ ...base, consecutiveFaults: 1 })).toBe('degraded');
    expect(deriveStatus({ ...base, circuit: 'half_open' })).toBe('degraded');
    expect(deriveStatus({ ...base, errorRate: 0.5, requests: 4 })).toBe('degraded');
    expect(deriveStatus({ ...base, errorRate: 1, requests: 3 })).toBe('up');
    expect(deriveStatus({ ...base, errorRate: 0.25, requests: 40 })).toBe('up');
  });

  it('treats providers without keys as keyed by nothing', () => {
    expect(deriveStatus({ ...base, keys: null })).toBe('up');
  });

  it('counts up, degraded and unknown providers as servable', () => {
    expect(['up', 'degraded', 'unknown', 'down', 'disabled'].filter((s) => isServable(s as never))).toEqual(['up', 'degraded', 'unknown']);
  });
});
