import type { Observation, ProbeResult } from './provider-health.types.js';

/** Real traffic older than this no longer counts towards the error rate. */
export const HEALTH_WINDOW_MS = 5 * 60_000;
const MAX_SAMPLES = 500;
const LATENCY_SAMPLES = 50;

interface Sample {
  at: number;
  ok: boolean;
}

/** What one instance knows about one provider's health. */
export class HealthRecord {
  consecutiveFaults = 0;
  /** The latest probe failed and nothing has succeeded since. */
  probeFailed = false;
  lastError?: { message: string; code?: string; at: number; source: Observation['source'] };
  lastCheck?: ProbeResult;
  observed = false;
  private readonly samples: Sample[] = [];
  /** Failed samples among `samples`, kept in step so the error rate costs nothing per request. */
  private faults = 0;
  private readonly latencies: number[] = [];

  observe(o: Observation): void {
    this.observed = true;
    if (o.ok) {
      this.consecutiveFaults = 0;
      this.probeFailed = false;
      if (o.latencyMs !== undefined) this.latencies.push(o.latencyMs);
      if (this.latencies.length > LATENCY_SAMPLES) this.latencies.shift();
    } else {
      this.consecutiveFaults++;
      if (o.source === 'probe') this.probeFailed = true;
      this.lastError = { message: o.message ?? o.code ?? 'failed', code: o.code, at: o.at, source: o.source };
    }
    if (o.source === 'traffic') {
      this.samples.push({ at: o.at, ok: o.ok });
      if (!o.ok) this.faults++;
      if (this.samples.length > MAX_SAMPLES) this.dropOldest();
    }
  }

  /** Applies a probe result (this instance's or another's); older results than the last one are ignored. */
  applyProbe(result: ProbeResult): boolean {
    if (this.lastCheck && this.lastCheck.at >= result.at) return false;
    this.lastCheck = result;
    this.observe({
      ok: result.ok,
      source: 'probe',
      at: result.at,
      latencyMs: result.ok ? result.latencyMs : undefined,
      code: result.code,
      message: result.message,
    });
    return true;
  }

  /** Share of failed real attempts within the window, and how many there were. */
  errorRate(now: number): { rate: number | null; requests: number } {
    while (this.samples.length > 0 && now - this.samples[0].at > HEALTH_WINDOW_MS) this.dropOldest();
    const requests = this.samples.length;
    if (requests === 0) return { rate: null, requests };
    return { rate: Math.round((this.faults / requests) * 1000) / 1000, requests };
  }

  private dropOldest(): void {
    if (this.samples.shift()?.ok === false) this.faults--;
  }

  /** Median latency of recent successes (ms). */
  latencyMs(): number | null {
    if (this.latencies.length === 0) return null;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
}
