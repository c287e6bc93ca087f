import type { Registry } from 'prom-client';
import { LocalCounter, LocalHistogram } from './local-metrics.js';
import type { RequestFacts } from './request-facts.js';

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const OVERHEAD_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** Per-request metrics of the gateway (REST and GraphQL alike), fed from the after-request hook. */
export class GatewayMetrics {
  private readonly requests: LocalCounter;
  private readonly duration: LocalHistogram;
  private readonly ttft: LocalHistogram;
  private readonly overhead: LocalHistogram;
  private readonly attempts: LocalCounter;
  private readonly retries: LocalCounter;
  private readonly failovers: LocalCounter;
  private readonly coldStarts: LocalCounter;
  private readonly refusals: LocalCounter;
  private readonly tokens: LocalCounter;
  private readonly cost: LocalCounter;

  constructor(registry: Registry) {
    const counter = (name: string, help: string, labelNames: string[]): LocalCounter =>
      new LocalCounter({ name, help, labelNames }, registry);
    const histogram = (name: string, help: string, labelNames: string[], buckets: number[]): LocalHistogram =>
      new LocalHistogram({ name, help, labelNames, buckets }, registry);
    this.requests = counter(
      'switchyard_requests_total',
      'Gateway requests by route (alias name, or direct/bare), provider, model, HTTP status and error code',
      ['operation', 'route', 'provider', 'model', 'status', 'code', 'streamed'],
    );
    this.duration = histogram(
      'switchyard_request_duration_seconds',
      'Time from taking a request to its outcome (a stream: its end)',
      ['operation', 'provider', 'streamed'],
      LATENCY_BUCKETS,
    );
    this.ttft = histogram(
      'switchyard_time_to_first_token_seconds',
      'Streams: time from taking the request to the first content chunk',
      ['provider', 'model'],
      LATENCY_BUCKETS,
    );
    this.overhead = histogram(
      'switchyard_gateway_overhead_seconds',
      'Time the gateway added: time to the answer (streams: first token) minus upstream attempt time',
      ['operation', 'streamed'],
      OVERHEAD_BUCKETS,
    );
    this.attempts = counter('switchyard_upstream_attempts_total', 'Upstream attempts by provider and outcome (ok or the failure kind)', [
      'provider',
      'outcome',
    ]);
    this.retries = counter('switchyard_retries_total', 'Attempts that retried the same provider and model', ['provider']);
    this.failovers = counter('switchyard_failovers_total', 'Moves from one target to the next', ['from_provider', 'to_provider']);
    this.coldStarts = counter('switchyard_cold_starts_total', 'Attempts that met a cold (loading) model', ['provider']);
    this.refusals = counter(
      'switchyard_refusals_total',
      'Requests the gateway refused before any upstream call (insufficient_credits, rate_limited, forbidden)',
      ['reason'],
    );
    this.tokens = counter('switchyard_tokens_total', 'Tokens by provider, model and kind (prompt, completion)', [
      'provider',
      'model',
      'kind',
    ]);
    this.cost = counter('switchyard_cost_usd_total', 'Cost charged for requests (USD), when the price is known', ['provider', 'model']);
  }

  observe(facts: RequestFacts): void {
    const { operation, route, provider, model, status, code, streamed } = facts.labels;
    this.requests.inc([operation, route, provider, model, status, code, streamed]);
    this.duration.observe([operation, provider, streamed], facts.durationS);
    if (facts.ttftS !== undefined) this.ttft.observe([provider, model], facts.ttftS);
    if (facts.attempts.length > 0) this.overhead.observe([operation, streamed], facts.overheadS);
    for (const attempt of facts.attempts) {
      this.attempts.inc([attempt.provider, attempt.outcome]);
      if (attempt.outcome === 'cold_start') this.coldStarts.inc([attempt.provider]);
    }
    for (const retried of facts.retries) this.retries.inc([retried]);
    for (const [from, to] of facts.failovers) this.failovers.inc([from, to]);
    if (facts.refusal) this.refusals.inc([facts.refusal]);
    if (facts.tokens) {
      this.tokens.inc([provider, model, 'prompt'], facts.tokens.prompt);
      this.tokens.inc([provider, model, 'completion'], facts.tokens.completion);
    }
    if (facts.costUsd !== undefined) this.cost.inc([provider, model], facts.costUsd);
  }
}
