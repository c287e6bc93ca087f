import { Logger } from '@nestjs/common';
import type { CircuitPolicy } from '../../config/resilience-config.js';
import { admit, CLOSED, isOpen, onFailure, onNeutral, onSuccess, type Admission, type CircuitState } from './circuit-state.js';
import { worstState, type CircuitStore, type ProviderCircuitState } from './circuit-store.js';
import type { Clock } from './clock.js';

/** One process's circuits (no REDIS_URL). */
export class MemoryCircuitStore implements CircuitStore {
  private readonly logger = new Logger('Circuits');
  private readonly circuits = new Map<string, CircuitState>();

  constructor(private readonly clock: Clock) {}

  async admit(key: string, policy: CircuitPolicy): Promise<{ admission: Admission; openUntil: number }> {
    const result = admit(this.get(key), this.clock.now(), policy);
    this.put(key, result.state);
    return { admission: result.admission, openUntil: result.state.openUntil };
  }

  async success(key: string, admission: Admission): Promise<void> {
    if (admission !== 'probe') return;
    this.put(key, onSuccess(this.get(key), admission));
    this.logger.log(`Circuit ${key} closed: the probe succeeded`);
  }

  async failure(key: string, admission: Admission, policy: CircuitPolicy): Promise<void> {
    const before = this.get(key);
    const after = onFailure(before, admission, this.clock.now(), policy);
    this.put(key, after);
    if (after.openUntil !== before.openUntil) {
      this.logger.warn(
        `Circuit ${key} opened for ${policy.cooldownMs} ms after ${admission === 'probe' ? 'a failed probe' : 'repeated failures'}`,
      );
    }
  }

  providerState(providerId: string): ProviderCircuitState | undefined {
    const prefix = `${providerId}/`;
    const openUntils = [...this.circuits].filter(([key]) => key.startsWith(prefix)).map(([, state]) => state.openUntil);
    return worstState(openUntils, this.clock.now());
  }

  async neutral(key: string, admission: Admission): Promise<void> {
    if (admission === 'probe') this.put(key, onNeutral(this.get(key), admission));
  }

  isOpen(key: string, policy: CircuitPolicy): boolean {
    const state = this.circuits.get(key);
    return state !== undefined && isOpen(state, this.clock.now(), policy);
  }

  private get(key: string): CircuitState {
    return this.circuits.get(key) ?? CLOSED;
  }

  /** Healthy circuits are not stored, so arbitrary model names in requests cannot grow the map. */
  private put(key: string, state: CircuitState): void {
    if (state === CLOSED) this.circuits.delete(key);
    else this.circuits.set(key, state);
  }
}
