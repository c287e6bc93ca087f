/**
 * Provider health and circuit state, bound to the health module
 * (adapters/provider-health.adapter.ts); it feeds `Provider.health` and the
 * `providerHealth` subscription.
 */
export const PROVIDER_HEALTH = Symbol('PROVIDER_HEALTH');

export interface ProviderHealthSnapshot {
  provider: string;
  /** `unknown`: enabled but not seen yet; `disabled`: not configured (no key). */
  status: 'up' | 'degraded' | 'down' | 'unknown' | 'disabled';
  circuit: 'closed' | 'open' | 'half_open';
  latencyMs: number | null;
  errorRate: number | null;
  usableKeys: number | null;
  /** Sanitised. */
  lastError: string | null;
  /** The latest active probe (epoch ms), wherever it ran. */
  checkedAtMs: number | null;
}

export interface ProviderHealthSource {
  /** Undefined for providers the health monitor does not watch (only text providers are). */
  snapshot(providerId: string): ProviderHealthSnapshot | undefined;
  /**
   * Calls the listener on every status change this instance saw itself (its traffic,
   * its own probes), not on those it applied from another instance's probe: that
   * instance publishes them. Returns the unsubscribe function.
   */
  onChange(listener: (snapshot: ProviderHealthSnapshot) => void): () => void;
}
