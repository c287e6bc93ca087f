import { Inject, Injectable } from '@nestjs/common';
import type { CircuitPolicy } from '../../config/resilience-config.js';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import type { RouteTarget } from '../route-target.js';
import type { Attempt, AttemptCall, AttemptInterceptor, AttemptResult } from './attempt.js';
import { CIRCUIT_STORE, type CircuitStore } from './circuit-store.js';
import { CLOCK, type Clock } from './clock.js';

/** The circuit of one provider+model. */
export function circuitKey(target: RouteTarget): string {
  return `${target.provider.id}/${target.model}`;
}

/** Failures that say the target is unhealthy; rate limits, bad keys and bad requests say nothing about it. */
function unhealthy(error: unknown): boolean {
  return (
    error instanceof UpstreamFailure &&
    !error.skipped &&
    (error.kind === 'server' || error.kind === 'network' || (error.kind === 'timeout' && error.code !== 'deadline_exceeded'))
  );
}

/**
 * Refuses tries while a target's circuit is open (a skipped attempt, so the
 * runner fails over at once), lets half-open probes through, and reports each
 * try's health back to the store.
 */
@Injectable()
export class CircuitBreakerInterceptor implements AttemptInterceptor {
  constructor(
    @Inject(CIRCUIT_STORE) private readonly circuits: CircuitStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A failure after the try returned (a stream that broke midway). */
  async reportFailure(target: RouteTarget, failure: UpstreamFailure, policy: CircuitPolicy): Promise<void> {
    if (unhealthy(failure)) await this.circuits.failure(circuitKey(target), 'closed', policy);
  }

  async intercept<T extends AttemptResult>(attempt: Attempt, next: AttemptCall<T>): Promise<T> {
    const key = circuitKey(attempt.target);
    const { admission, openUntil } = await this.circuits.admit(key, attempt.policy.circuit);
    if (admission === 'open') {
      const waitMs = Math.max(0, openUntil - this.clock.now());
      throw new UpstreamFailure(
        'server',
        null,
        'circuit_open',
        `The circuit for ${key} is open after repeated failures; it is probed again in ${Math.ceil(waitMs / 1000)} s.`,
        { retryAfterMs: waitMs },
        true,
      );
    }
    try {
      const result = await next(attempt);
      await this.circuits.success(key, admission);
      return result;
    } catch (error) {
      if (unhealthy(error)) await this.circuits.failure(key, admission, attempt.policy.circuit);
      else await this.circuits.neutral(key, admission);
      throw error;
    }
  }
}
