import { Injectable } from '@nestjs/common';

export type CircuitState = 'closed' | 'half_open' | 'open';

/** Whatever keeps circuit breakers (the resilience layer) answers for each provider. */
export interface CircuitStateSource {
  stateOf(providerId: string): CircuitState | undefined;
}

/**
 * Where health and metrics read circuit states from. A breaker implementation
 * registers itself at module init; until one does, every provider reads
 * `closed`, which is what the gateway does without breakers: always try.
 */
@Injectable()
export class CircuitStates {
  private source: CircuitStateSource | undefined;

  register(source: CircuitStateSource): void {
    this.source = source;
  }

  stateOf(providerId: string): CircuitState {
    return this.source?.stateOf(providerId) ?? 'closed';
  }
}
