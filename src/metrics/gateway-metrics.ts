import { Counter, Histogram, type Registry } from 'prom-client';
import type { RequestFacts } from './request-facts.js';

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const OVERHEAD_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** Per-request metrics of the gateway (REST and GraphQL alike), fed from the after-request hook. */
export class GatewayMetrics {
  private readonly requests: Counter;
  private readonly duration: Histogram;
  private readonly ttft: Histogram;
  private readonly overhead: Histogram;
  private readonly attempts: Counter;
  private readonly retries: Counter;
  private readonly failovers: Counter;
  private readonly coldStarts: Counter;
  private readonly refusals: Counter;
  private readonly tokens: Counter;
  private readonly cost: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'switchyard_requests_total',
      help: 'Gateway requests by route (alias name, or direct/bare), provider, model, HTTP status and error code',
      labelNames: ['operation', 'route', 'provider', 'model', 'status', 'code', 'streamed'],
      registers,
    });
    this.duration = new Histogram({
      name: 'switchyard_request_duration_seconds',
      help: 'Time from taking a request to its outcome (a stream: its end)',
      labelNames: ['operation', 'provider', 'streamed'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.ttft = new Histogram({
      name: 'switchyard_time_to_first_token_seconds',
      help: 'Streams: time from taking the request to the first content chunk',
      labelNames: ['provider', 'model'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.overhead = new Histogram({
      name: 'switchyard_gateway_overhead_seconds',
      help: 'Time the gateway added: time to the answer (streams: first token) minus upstream attempt time',
      labelNames: ['operation', 'streamed'],
      buckets: OVERHEAD_BUCKETS,
      registers,
    });
    this.attempts = new Counter({
      name: 'switchyard_upstream_attempts_total',
      help: 'Upstream attempts by provider and outcome (ok or the failure kind)',
      labelNames: ['provider', 'outcome'],
      registers,
    });
    this.retries = new Counter({
      name: 'switchyard_retries_total',
      help: 'Attempts that retried the same provider and model',
      labelNames: ['provider'],
      registers,
    });
    this.failovers = new Counter({
      name: 'switchyard_failovers_total',
      help: 'Moves from one target to the next',
      labelNames: ['from_provider', 'to_provider'],
      registers,
    });
    this.coldStarts = new Counter({
      name: 'switchyard_cold_starts_total',
      help: 'Attempts that met a cold (loading) model',
      labelNames: ['provider'],
      registers,
    });
    this.refusals = new Counter({
      name: 'switchyard_refusals_total',
      help: 'Requests the gateway refused before any upstream call (insufficient_credits, rate_limited, forbidden)',
      labelNames: ['reason'],
      registers,
    });
    this.tokens = new Counter({
      name: 'switchyard_tokens_total',
      help: 'Tokens by provider, model and kind (prompt, completion)',
      labelNames: ['provider', 'model', 'kind'],
      registers,
    });
    this.cost = new Counter({
      name: 'switchyard_cost_usd_total',
      help: 'Cost charged for requests (USD), when the price is known',
      labelNames: ['provider', 'model'],
      registers,
    });
  }

  observe(facts: RequestFacts): void {
    const { labels } = facts;
    this.requests.inc(labels);
    this.duration.observe({ operation: labels.operation, provider: labels.provider, streamed: labels.streamed }, facts.durationS);
    if (facts.ttftS !== undefined) this.ttft.observe({ provider: labels.provider, model: labels.model }, facts.ttftS);
    if (facts.attempts.length > 0) this.overhead.observe({ operation: labels.operation, streamed: labels.streamed }, facts.overheadS);
    for (const attempt of facts.attempts) {
      this.attempts.inc(attempt);
      if (attempt.outcome === 'cold_start') this.coldStarts.inc({ provider: attempt.provider });
    }
    for (const provider of facts.retries) this.retries.inc({ provider });
    for (const [from, to] of facts.failovers) this.failovers.inc({ from_provider: from, to_provider: to });
    if (facts.refusal) this.refusals.inc({ reason: facts.refusal });
    if (facts.tokens) {
      this.tokens.inc({ provider: labels.provider, model: labels.model, kind: 'prompt' }, facts.tokens.prompt);
      this.tokens.inc({ provider: labels.provider, model: labels.model, kind: 'completion' }, facts.tokens.completion);
    }
    if (facts.costUsd !== undefined) this.cost.inc({ provider: labels.provider, model: labels.model }, facts.costUsd);
  }
}
