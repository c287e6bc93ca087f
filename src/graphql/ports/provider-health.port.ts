/**
 * Provider health and circuit state, bound by the health module; it feeds
 * `Provider.health` and the `providerHealth` subscription. While unbound those
 * answer not_implemented.
 */
export const PROVIDER_HEALTH = Symbol('PROVIDER_HEALTH');

export interface ProviderHealthSnapshot {
  provider: string;
  status: 'up' | 'degraded' | 'down' | 'unknown';
  circuit: 'closed' | 'open' | 'half_open';
  latencyMs: number | null;
  errorRate: number | null;
  usableKeys: number | null;
  lastError: string | null;
  checkedAtMs: number | null;
}

export interface ProviderHealthSource {
  snapshot(providerId: string): ProviderHealthSnapshot | undefined;
  /** Calls the listener on every change seen by this instance; returns the unsubscribe function. */
  onChange(listener: (snapshot: ProviderHealthSnapshot) => void): () => void;
}
