import { Inject, Injectable } from '@nestjs/common';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { PROGRESS_MIN_WAIT_MS } from '../gateway-progress.js';
import type { Attempt, AttemptCall, AttemptInterceptor, AttemptResult } from './attempt.js';
import { CLOCK, RANDOM, type Clock, type Random } from './clock.js';
import { decideRetry, type RetryDecision } from './retry-decision.js';

/**
 * The outermost layer: tries one target again while `decideRetry` says so,
 * sleeping as it says (backoff with jitter, `Retry-After`, cold-start
 * estimates) on the request's deadline signal. A failure it gives up on goes
 * to the runner, which fails over or stops.
 */
@Injectable()
export class RetryInterceptor implements AttemptInterceptor {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RANDOM) private readonly random: Random,
  ) {}

  async intercept<T extends AttemptResult>(attempt: Attempt, next: AttemptCall<T>): Promise<T> {
    let coldWaitedMs = 0;
    let lastUpstream: UpstreamFailure | undefined;
    // The deadline cut a try or a wait short after a loading model: that the model never warmed is the answer.
    const stillCold = (): UpstreamFailure | undefined =>
      attempt.deadline.expired && lastUpstream?.kind === 'cold_start' ? lastUpstream : undefined;
    for (attempt.tryNo = 1; ; attempt.tryNo++) {
      try {
        return await next(attempt);
      } catch (error) {
        if (!(error instanceof UpstreamFailure)) throw error;
        const cold = stillCold();
        if (cold) throw cold;
        if (!error.skipped) lastUpstream = error;
        const decision = decideRetry(
          error,
          {
            tries: attempt.tryNo,
            coldWaitedMs,
            remainingMs: attempt.deadline.remainingMs(),
            otherKeyUsable: (attempt.target.provider.keyPool?.usableCount() ?? 0) > 0,
          },
          attempt.policy,
          this.random,
        );
        explain(attempt, decision);
        // Refused by the gateway after real tries (the circuit opened meanwhile): what the upstream said matters more.
        if (decision.action === 'move_on') throw error.skipped && lastUpstream ? lastUpstream : error;
        if (decision.reason === 'cold_start') {
          coldWaitedMs += decision.delayMs;
          attempt.progress({
            type: 'warming',
            provider: attempt.target.provider.id,
            model: attempt.target.model,
            waitMs: decision.delayMs,
            estimatedMs: error.hints.estimatedTimeMs,
          });
        } else if (decision.delayMs >= PROGRESS_MIN_WAIT_MS) {
          attempt.progress({
            type: 'waiting',
            provider: attempt.target.provider.id,
            model: attempt.target.model,
            waitMs: decision.delayMs,
            reason: 'retry',
          });
        }
        if (decision.delayMs > 0) {
          // A late timer can let the deadline end the wait itself.
          await this.clock.sleep(decision.delayMs, attempt.deadline.signal).catch((cut: unknown) => {
            throw stillCold() ?? cut;
          });
        }
      }
    }
  }
}

function explain(attempt: Attempt, decision: RetryDecision): void {
  const record = attempt.lastRecord;
  if (!record) return;
  record.reason = decision.reason;
  if (decision.action === 'retry') {
    record.action = 'retry';
    record.waitMs = decision.delayMs;
  }
}
