import type { CircuitPolicy } from '../../config/resilience-config.js';
import type { Admission } from './circuit-state.js';

/** Circuits by `provider/model`: in memory, or in Redis so every instance shares cooldowns. */
export interface CircuitStore {
  /** Lets a request through (closed, or as a half-open probe) or not; `openUntil` says until when it is refused. */
  admit(key: string, policy: CircuitPolicy): Promise<{ admission: Admission; openUntil: number }>;
  success(key: string, admission: Admission): Promise<void>;
  /** A failure that says the target is unhealthy (5xx, timeout, connection). */
  failure(key: string, admission: Admission, policy: CircuitPolicy): Promise<void>;
  /** An outcome that says nothing about health; frees a probe slot. */
  neutral(key: string, admission: Admission): Promise<void>;
  /** Synchronous view for ordering candidates; may lag other instances by a moment. */
  isOpen(key: string, policy: CircuitPolicy): boolean;
  /** The worst state among this provider's circuits as this instance sees them (health and metrics). */
  providerState(providerId: string): ProviderCircuitState | undefined;
}

export type ProviderCircuitState = 'closed' | 'half_open' | 'open';

/** `open` while any circuit is cooling down, `half_open` while one waits for its probe. */
export function worstState(openUntils: Iterable<number>, now: number): ProviderCircuitState | undefined {
  let worst: ProviderCircuitState | undefined;
  for (const openUntil of openUntils) {
    if (openUntil === 0) worst ??= 'closed';
    else if (now < openUntil) return 'open';
    else worst = 'half_open';
  }
  return worst;
}

export const CIRCUIT_STORE = Symbol('CIRCUIT_STORE');
