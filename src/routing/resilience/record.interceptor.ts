import { Injectable } from '@nestjs/common';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import type { Attempt, AttemptCall, AttemptInterceptor, AttemptResult } from './attempt.js';

/** Read through a function: the key is set by an inner layer during `next`, after the reset above it. */
function leasedAlias(attempt: Attempt): string | undefined {
  return attempt.key?.alias;
}

/** Adds one entry to `ctx.attempts` per try, gateway refusals included (marked skipped). */
@Injectable()
export class RecordInterceptor implements AttemptInterceptor {
  async intercept<T extends AttemptResult>(attempt: Attempt, next: AttemptCall<T>): Promise<T> {
    const started = performance.now();
    attempt.key = undefined;
    try {
      const result = await next(attempt);
      this.push(attempt, started, result.keyAlias ?? leasedAlias(attempt), 200, null, 'ok');
      return result;
    } catch (error) {
      if (error instanceof UpstreamFailure) {
        const record = this.push(attempt, started, error.keyAlias ?? leasedAlias(attempt), error.status, error.code, error.kind);
        if (error.skipped) record.skipped = true;
      }
      throw error;
    }
  }

  private push(
    attempt: Attempt,
    started: number,
    keyAlias: string | undefined,
    status: number | null,
    code: string | null,
    outcome: string,
  ): NonNullable<Attempt['lastRecord']> {
    const record = {
      provider: attempt.target.provider.id,
      model: attempt.target.model,
      keyAlias,
      status,
      code,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      outcome,
    };
    attempt.ctx.attempts.push(record);
    attempt.lastRecord = record;
    return record;
  }
}
