import type { ProviderType } from '../providers/provider.types.js';
import type { CircuitState } from '../routing/circuit-states.js';

/** `unknown`: enabled but not seen yet; `disabled`: not configured (no key). */
export type ProviderStatus = 'up' | 'degraded' | 'down' | 'unknown' | 'disabled';

/** One thing learnt about a provider: a real request's attempt or an active probe. */
export interface Observation {
  /** False when the provider was at fault (5xx, timeout, network, key refused, rate limited, cold). */
  ok: boolean;
  source: 'traffic' | 'probe';
  /** Epoch ms. */
  at: number;
  latencyMs?: number;
  code?: string;
  /** Already sanitised. */
  message?: string;
}

/** The last active probe, wherever it ran (`by` names the instance). */
export interface ProbeResult {
  provider: string;
  ok: boolean;
  at: number;
  latencyMs: number;
  by: string;
  code?: string;
  message?: string;
}

export interface ProviderHealthView {
  provider: string;
  type: ProviderType;
  status: ProviderStatus;
  enabled: boolean;
  disabledReason: string | null;
  /** Median of recent successful attempts and probes (ms). */
  latencyMs: number | null;
  /** Share of real requests the provider failed over the window; null without traffic. */
  errorRate: number | null;
  /** Real attempts counted in `errorRate`. */
  requests: number;
  consecutiveFailures: number;
  circuit: CircuitState;
  /** Usable and configured upstream keys; null for providers without keys. */
  keys: { usable: number; total: number } | null;
  lastError: { message: string; code: string | null; at: string; source: 'traffic' | 'probe' } | null;
  lastCheck: { at: string; ok: boolean; latencyMs: number; by: string; error: string | null } | null;
  /** Whether active probes (a model list, no tokens) cover this provider. */
  probed: boolean;
}

/** Published when a provider's status changes (GraphQL `providerHealth` subscribes). */
export interface ProviderHealthChange {
  provider: string;
  status: ProviderStatus;
  previous: ProviderStatus;
  /** ISO time of the change. */
  at: string;
  /** The instance whose view changed. */
  instance: string;
  /**
   * `local`: this instance saw it (its traffic or its own probe); `shared`: it
   * applied another instance's probe result. With a shared PubSub publish only
   * `local` changes, or subscribers get one event per instance.
   */
  origin: 'local' | 'shared';
  health: ProviderHealthView;
}
