import { describe, expect, it } from '@jest/globals';
import { HEALTH_WINDOW_MS, HealthRecord } from './health-record.js';

describe('HealthRecord', () => {
  it('counts consecutive faults, keeps the last error and resets on success', () => {
    const record = new HealthRecord();
    record.observe({ ok: false, source: 'traffic', at: 1, code: 'server', message: '500 boom' });
    record.observe({ ok: false, source: 'traffic', at: 2, code: 'timeout', message: 'slow' });
    expect(record.consecutiveFaults).toBe(2);
    expect(record.lastError).toEqual({ message: 'slow', code: 'timeout', at: 2, source: 'traffic' });
    record.observe({ ok: true, source: 'traffic', at: 3, latencyMs: 40 });
    expect(record.consecutiveFaults).toBe(0);
    expect(record.lastError?.message).toBe('slow');
  });

  it('computes the error rate over real traffic in the window only', () => {
    const record = new HealthRecord();
    record.observe({ ok: false, source: 'traffic', at: 0 });
    record.observe({ ok: true, source: 'traffic', at: HEALTH_WINDOW_MS });
    record.observe({ ok: false, source: 'traffic', at: HEALTH_WINDOW_MS + 1 });
    record.observe({ ok: false, source: 'probe', at: HEALTH_WINDOW_MS + 2 });
    expect(record.errorRate(HEALTH_WINDOW_MS + 10)).toEqual({ rate: 0.5, requests: 2 });
    expect(record.errorRate(10 * HEALTH_WINDOW_MS)).toEqual({ rate: null, requests: 0 });
  });

  it('marks a failed probe until the next success and ignores probe results older than the last', () => {
    const record = new HealthRecord();
    const probe = { provider: 'together', latencyMs: 5, by: 'a' };
    expect(record.applyProbe({ ...probe, ok: false, at: 10, code: 'server', message: 'down' })).toBe(true);
    expect(record.probeFailed).toBe(true);
    expect(record.applyProbe({ ...probe, ok: true, at: 5 })).toBe(false);
    expect(record.probeFailed).toBe(true);
    expect(record.applyProbe({ ...probe, ok: true, at: 20 })).toBe(true);
    expect(record.probeFailed).toBe(false);
    expect(record.lastCheck?.at).toBe(20);
  });

  it('reports the median latency of recent successes', () => {
    const record = new HealthRecord();
    expect(record.latencyMs()).toBeNull();
    for (const latencyMs of [30, 10, 20]) record.observe({ ok: true, source: 'traffic', at: 1, latencyMs });
    expect(record.latencyMs()).toBe(20);
  });
});
