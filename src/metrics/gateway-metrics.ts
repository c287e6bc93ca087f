import { Counter, Histogram, type Registry } from 'prom-client';
import { labelled } from './labelled.js';
import type { RequestFacts } from './request-facts.js';

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const OVERHEAD_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

type Children<T> = (...values: string[]) => T;
interface CounterChild {
  inc(value?: number): void;
}
interface HistogramChild {
  observe(value: number): void;
}

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

  // Children by label values, in each metric's labelNames order (set once the metrics exist).
  private readonly requestsBy: Children<CounterChild>;
  private readonly durationBy: Children<HistogramChild>;
  private readonly ttftBy: Children<HistogramChild>;
  private readonly overheadBy: Children<HistogramChild>;
  private readonly attemptsBy: Children<CounterChild>;
  private readonly retriesBy: Children<CounterChild>;
  private readonly failoversBy: Children<CounterChild>;
  private readonly coldStartsBy: Children<CounterChild>;
  private readonly refusalsBy: Children<CounterChild>;
  private readonly tokensBy: Children<CounterChild>;
  private readonly costBy: Children<CounterChild>;

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
    this.requestsBy = labelled(this.requests);
    this.durationBy = labelled(this.duration);
    this.ttftBy = labelled(this.ttft);
    this.overheadBy = labelled(this.overhead);
    this.attemptsBy = labelled(this.attempts);
    this.retriesBy = labelled(this.retries);
    this.failoversBy = labelled(this.failovers);
    this.coldStartsBy = labelled(this.coldStarts);
    this.refusalsBy = labelled(this.refusals);
    this.tokensBy = labelled(this.tokens);
    this.costBy = labelled(this.cost);
  }

  observe(facts: RequestFacts): void {
    const { operation, route, provider, model, status, code, streamed } = facts.labels;
    this.requestsBy(operation, route, provider, model, status, code, streamed).inc();
    this.durationBy(operation, provider, streamed).observe(facts.durationS);
    if (facts.ttftS !== undefined) this.ttftBy(provider, model).observe(facts.ttftS);
    if (facts.attempts.length > 0) this.overheadBy(operation, streamed).observe(facts.overheadS);
    for (const attempt of facts.attempts) {
      this.attemptsBy(attempt.provider, attempt.outcome).inc();
      if (attempt.outcome === 'cold_start') this.coldStartsBy(attempt.provider).inc();
    }
    for (const retried of facts.retries) this.retriesBy(retried).inc();
    for (const [from, to] of facts.failovers) this.failoversBy(from, to).inc();
    if (facts.refusal) this.refusalsBy(facts.refusal).inc();
    if (facts.tokens) {
      this.tokensBy(provider, model, 'prompt').inc(facts.tokens.prompt);
      this.tokensBy(provider, model, 'completion').inc(facts.tokens.completion);
    }
    if (facts.costUsd !== undefined) this.costBy(provider, model).inc(facts.costUsd);
  }
}
