import type { CircuitState } from '../routing/circuit-states.js';
import type { ProviderStatus } from './provider-health.types.js';

/** Consecutive provider faults in real traffic after which it counts as down. */
export const DOWN_AFTER_FAULTS = 3;
/** Error rate over the window at which a provider is degraded... */
export const DEGRADED_ERROR_RATE = 0.5;
/** ...once at least this many requests were seen, so one bad request is not a trend. */
export const MIN_REQUESTS_FOR_RATE = 4;

export interface StatusInputs {
  disabled: boolean;
  circuit: CircuitState;
  keys: { usable: number; total: number } | null;
  consecutiveFaults: number;
  /** The latest probe failed with no success since: a direct check that it cannot even list models. */
  probeFailed: boolean;
  errorRate: number | null;
  requests: number;
  /** Anything was ever observed (traffic or probe). */
  observed: boolean;
}

/** A provider's status from what is known about it; pure so the rules are unit-tested. */
export function deriveStatus(s: StatusInputs): ProviderStatus {
  if (s.disabled) return 'disabled';
  if (s.circuit === 'open') return 'down';
  if (s.keys && s.keys.total > 0 && s.keys.usable === 0) return 'down';
  if (s.probeFailed || s.consecutiveFaults >= DOWN_AFTER_FAULTS) return 'down';
  if (s.circuit === 'half_open' || s.consecutiveFaults > 0) return 'degraded';
  if (s.errorRate !== null && s.requests >= MIN_REQUESTS_FOR_RATE && s.errorRate >= DEGRADED_ERROR_RATE) return 'degraded';
  return s.observed ? 'up' : 'unknown';
}

/** Providers in these states are still tried, so a route through them can be served. */
export function isServable(status: ProviderStatus): boolean {
  return status === 'up' || status === 'degraded' || status === 'unknown';
}
