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
    this.requests = new LocalCounter(
      {
        name: 'switchyard_requests_total',
        help: 'Gateway requests by route (alias name, or direct/bare), provider, model, HTTP status and error code',
        labelNames: ['operation', 'route', 'provider', 'model', 'status', 'code', 'streamed'],
      },
      registry,
    );
    this.duration = new LocalHistogram(
      {
        name: 'switchyard_request_duration_seconds',
        help: 'Time from taking a request to its outcome (a stream: its end)',
        labelNames: ['operation', 'provider', 'streamed'],
        buckets: LATENCY_BUCKETS,
      },
      registry,
    );
    this.ttft = new LocalHistogram(
      {
        name: 'switchyard_time_to_first_token_seconds',
        help: 'Streams: time from taking the request to the first content chunk',
        labelNames: ['provider', 'model'],
        buckets: LATENCY_BUCKETS,
      },
      registry,
    );
    this.overhead = new LocalHistogram(
      {
        name: 'switchyard_gateway_overhead_seconds',
        help: 'Time the gateway added: time to the answer (streams: first token) minus upstream attempt time',
        labelNames: ['operation', 'streamed'],
        buckets: OVERHEAD_BUCKETS,
      },
      registry,
    );
    this.attempts = new LocalCounter(
      {
        name: 'switchyard_upstream_attempts_total',
        help: 'Upstream attempts by provider and outcome (ok or the failure kind)',
        labelNames: ['provider', 'outcome'],
      },
      registry,
    );
    this.retries = new LocalCounter(
      { name: 'switchyard_retries_total', help: 'Attempts that retried the same provider and model', labelNames: ['provider'] },
      registry,
    );
    this.failovers = new LocalCounter(
      { name: 'switchyard_failovers_total', help: 'Moves from one target to the next', labelNames: ['from_provider', 'to_provider'] },
      registry,
    );
    this.coldStarts = new LocalCounter(
      { name: 'switchyard_cold_starts_total', help: 'Attempts that met a cold (loading) model', labelNames: ['provider'] },
      registry,
    );
    this.refusals = new LocalCounter(
      {
        name: 'switchyard_refusals_total',
        help: 'Requests the gateway refused before any upstream call (insufficient_credits, rate_limited, forbidden)',
        labelNames: ['reason'],
      },
      registry,
    );
    this.tokens = new LocalCounter(
      {
        name: 'switchyard_tokens_total',
        help: 'Tokens by provider, model and kind (prompt, completion)',
        labelNames: ['provider', 'model', 'kind'],
      },
      registry,
    );
    this.cost = new LocalCounter(
      {
        name: 'switchyard_cost_usd_total',
        help: 'Cost charged for requests (USD), when the price is known',
        labelNames: ['provider', 'model'],
      },
      registry,
    );
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
