import { Counter, Gauge, type Registry } from 'prom-client';
import type { ProviderHealthView } from '../health/provider-health.types.js';
import type { CacheResult } from '../routing/model-catalog.service.js';

const STATUSES = ['up', 'degraded', 'down', 'unknown', 'disabled'] as const;
const CIRCUITS = ['closed', 'half_open', 'open'] as const;

/** Where scrape-time state comes from. */
export interface StateSources {
  health(): ProviderHealthView[];
  cacheLookups(): Array<{ provider: string; result: CacheResult; count: number }>;
  inFlight(): number;
}

/** Gauges read at scrape time, so they always show the current state. */
export function registerStateMetrics(registry: Registry, sources: StateSources): void {
  const registers = [registry];
  new Gauge({
    name: 'switchyard_provider_status',
    help: 'Provider status as this instance sees it (1 for the current status)',
    labelNames: ['provider', 'status'],
    registers,
    collect() {
      this.reset();
      for (const view of sources.health()) {
        for (const status of STATUSES) this.set({ provider: view.provider, status }, view.status === status ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'switchyard_provider_error_rate',
    help: 'Share of real attempts the provider failed over the last 5 minutes',
    labelNames: ['provider'],
    registers,
    collect() {
      this.reset();
      for (const view of sources.health()) if (view.errorRate !== null) this.set({ provider: view.provider }, view.errorRate);
    },
  });
  new Gauge({
    name: 'switchyard_provider_latency_seconds',
    help: 'Median latency of recent successful attempts and probes',
    labelNames: ['provider'],
    registers,
    collect() {
      this.reset();
      for (const view of sources.health()) if (view.latencyMs !== null) this.set({ provider: view.provider }, view.latencyMs / 1000);
    },
  });
  new Gauge({
    name: 'switchyard_circuit_state',
    help: 'Circuit breaker state per provider (1 for the current state)',
    labelNames: ['provider', 'state'],
    registers,
    collect() {
      this.reset();
      for (const view of sources.health()) {
        if (!view.enabled) continue;
        for (const state of CIRCUITS) this.set({ provider: view.provider, state }, view.circuit === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'switchyard_upstream_keys',
    help: 'Upstream keys per provider: usable now (not resting or taken out) and configured',
    labelNames: ['provider', 'state'],
    registers,
    collect() {
      this.reset();
      for (const view of sources.health()) {
        if (!view.keys) continue;
        this.set({ provider: view.provider, state: 'usable' }, view.keys.usable);
        this.set({ provider: view.provider, state: 'total' }, view.keys.total);
      }
    },
  });
  new Counter({
    name: 'switchyard_model_list_cache_total',
    help: 'Model list lookups: hit (fresh here), stale (served while refreshing), shared (another instance fetched it), miss (upstream call)',
    labelNames: ['provider', 'result'],
    registers,
    collect() {
      this.reset();
      for (const { provider, result, count } of sources.cacheLookups()) this.inc({ provider, result }, count);
    },
  });
  new Gauge({
    name: 'switchyard_in_flight_requests',
    help: 'HTTP requests (streams included) this instance is answering',
    registers,
    collect() {
      this.set(sources.inFlight());
    },
  });
}
