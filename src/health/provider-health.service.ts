import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ProviderRegistry } from '../providers/provider-registry.service.js';
import type { TextProvider } from '../providers/provider.types.js';
import { CircuitStates } from '../routing/circuit-states.js';
import { GatewayHooks } from '../routing/gateway-hooks.js';
import type { RequestContext } from '../routing/request-context.js';
import { deriveStatus } from './derive-status.js';
import { HealthEvents } from './health-events.js';
import { HealthRecord } from './health-record.js';
import type { ProbeResult, ProviderHealthView, ProviderStatus } from './provider-health.types.js';
import { trafficObservations } from './traffic-observations.js';

const iso = (ms: number): string => new Date(ms).toISOString();

interface StatusFacts {
  status: ProviderStatus;
  rate: number | null;
  requests: number;
  keys: ProviderHealthView['keys'];
  circuit: ProviderHealthView['circuit'];
}

/**
 * Each text provider's health as this instance sees it: passive from real
 * traffic (every attempt of every request), active from probes, plus circuit
 * and key state read when asked. Status changes are published on HealthEvents.
 */
@Injectable()
export class ProviderHealthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProviderHealthService.name);
  private readonly records = new Map<string, HealthRecord>();
  private readonly statuses = new Map<string, ProviderStatus>();

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly circuits: CircuitStates,
    private readonly events: HealthEvents,
    private readonly hooks: GatewayHooks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    for (const provider of this.registry.textProviders()) this.statuses.set(provider.id, this.view(provider).status);
    this.hooks.register({ name: 'provider-health', afterRequest: (ctx) => this.observeRequest(ctx) });
  }

  observeRequest(ctx: RequestContext): void {
    // Usually one attempt on one provider; a failover touches a few.
    const touched: string[] = [];
    for (const { provider, observation } of trafficObservations(ctx, Date.now(), this.config.secrets)) {
      this.record(provider).observe(observation);
      if (!touched.includes(provider)) touched.push(provider);
    }
    for (const provider of touched) this.recheck(provider, 'local');
  }

  applyProbe(result: ProbeResult): void {
    if (this.record(result.provider).applyProbe(result)) {
      this.recheck(result.provider, result.by === this.config.instanceId ? 'local' : 'shared');
    }
  }

  /** Notices changes nobody observed directly (a circuit opened, every key resting). */
  recheckAll(): void {
    for (const provider of this.registry.textProviders()) this.recheck(provider.id, 'local');
  }

  /** The latest probe result known here for a provider. */
  lastCheck(providerId: string): ProbeResult | undefined {
    return this.records.get(providerId)?.lastCheck;
  }

  views(): ProviderHealthView[] {
    return this.registry.textProviders().map((provider) => this.view(provider));
  }

  /** Enabled providers a probe can check without spending tokens (they list models). */
  probeable(): TextProvider[] {
    return this.registry
      .textProviders()
      .filter((provider) => !provider.disabledReason && provider.registration.metadata.capabilities.includes('model_list'));
  }

  view(provider: TextProvider): ProviderHealthView {
    const record = this.records.get(provider.id) ?? new HealthRecord();
    const { status, rate, requests, keys, circuit } = this.status(provider, record);
    const check = record.lastCheck;
    return {
      provider: provider.id,
      type: provider.registration.type,
      status,
      enabled: provider.disabledReason === undefined,
      disabledReason: provider.disabledReason ?? null,
      latencyMs: record.latencyMs(),
      errorRate: rate,
      requests,
      consecutiveFailures: record.consecutiveFaults,
      circuit,
      keys,
      lastError: record.lastError
        ? {
            message: record.lastError.message,
            code: record.lastError.code ?? null,
            at: iso(record.lastError.at),
            source: record.lastError.source,
          }
        : null,
      lastCheck: check ? { at: iso(check.at), ok: check.ok, latencyMs: check.latencyMs, by: check.by, error: check.message ?? null } : null,
      probed: this.probeable().includes(provider),
    };
  }

  /** What the status derives from; cheap enough to run after every request. */
  private status(provider: TextProvider, record: HealthRecord): StatusFacts {
    const { rate, requests } = record.errorRate(Date.now());
    const pool = provider.keyPool;
    const keys = pool && pool.size > 0 ? { usable: pool.usableCount(), total: pool.size } : null;
    const circuit = this.circuits.stateOf(provider.id);
    const status = deriveStatus({
      disabled: provider.disabledReason !== undefined,
      circuit,
      keys,
      consecutiveFaults: record.consecutiveFaults,
      probeFailed: record.probeFailed,
      errorRate: rate,
      requests,
      observed: record.observed,
    });
    return { status, rate, requests, keys, circuit };
  }

  private record(providerId: string): HealthRecord {
    let record = this.records.get(providerId);
    if (!record) {
      record = new HealthRecord();
      this.records.set(providerId, record);
    }
    return record;
  }

  private recheck(providerId: string, origin: 'local' | 'shared'): void {
    const provider = this.registry.findText(providerId);
    if (!provider) return;
    const previous = this.statuses.get(providerId) ?? 'unknown';
    // The full view (latency median, timestamps) is built only when the status changes.
    if (this.status(provider, this.records.get(providerId) ?? new HealthRecord()).status === previous) return;
    const health = this.view(provider);
    this.statuses.set(providerId, health.status);
    const reason = health.status === 'up' || !health.lastError ? '' : `: ${health.lastError.message}`;
    const line = `Provider ${providerId} is ${health.status} (was ${previous})${reason}`;
    if (health.status === 'down' || health.status === 'degraded') this.logger.warn(line);
    else this.logger.log(line);
    this.events.publish({
      provider: providerId,
      status: health.status,
      previous,
      at: new Date().toISOString(),
      instance: this.config.instanceId,
      origin,
      health,
    });
  }
}
