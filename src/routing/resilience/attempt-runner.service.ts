import type { TextOperation } from '../../providers/provider.types.js';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { isTransient, UpstreamFailure } from '../../upstream/upstream-failure.js';
import { deadlineError, exhaustedError, finalError } from '../final-error.js';
import type { GatewayProgress } from '../gateway-progress.js';
import type { RequestContext } from '../request-context.js';
import type { RouteTarget } from '../route-target.js';
import { chainInterceptors, type Attempt, type AttemptCall, type AttemptInterceptor, type AttemptResult } from './attempt.js';
import { CircuitBreakerInterceptor } from './circuit-breaker.interceptor.js';
import { ConcurrencyInterceptor } from './concurrency.interceptor.js';
import type { Deadline } from './deadline.js';
import { KeyInterceptor } from './key.interceptor.js';
import { RecordInterceptor } from './record.interceptor.js';
import { RetryInterceptor } from './retry.interceptor.js';

export interface RunInput {
  ctx: RequestContext;
  deadline: Deadline;
  /** Collects resources the winning try holds until its response is consumed. */
  holds: Array<() => void>;
  progress(event: GatewayProgress): void;
}

export interface RunResult<T> {
  value: T;
  target: RouteTarget;
}

/** Failures another target may get past; a caller's own mistake stops the route. */
function movesOn(failure: UpstreamFailure): boolean {
  return (
    failure.skipped || isTransient(failure.kind) || failure.kind === 'auth' || failure.kind === 'quota' || failure.kind === 'not_found'
  );
}

/**
 * Tries a request's targets in order, each through the interceptor chain
 * (retry → record → circuit breaker → concurrency limit → key choice → call).
 * Fails over when a target gives up with a failure another target may get
 * past, switches to the route's context fallback on `context_length_exceeded`,
 * and stops at once on the caller's own mistakes or at the deadline.
 */
@Injectable()
export class AttemptRunner {
  private readonly interceptors: readonly AttemptInterceptor[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    retry: RetryInterceptor,
    record: RecordInterceptor,
    private readonly circuit: CircuitBreakerInterceptor,
    concurrency: ConcurrencyInterceptor,
    key: KeyInterceptor,
  ) {
    this.interceptors = [retry, record, circuit, concurrency, key];
  }

  /** A stream already committed to the client failed midway: its circuit counts it like any other failure. */
  async lateFailure(target: RouteTarget, failure: UpstreamFailure): Promise<void> {
    await this.circuit.reportFailure(target, failure, this.config.resilience.policyFor(target.provider.id).circuit);
  }

  async run<T extends AttemptResult>(input: RunInput, call: AttemptCall<T>): Promise<RunResult<T>> {
    const { ctx, deadline } = input;
    const route = ctx.route;
    const queue = [...(route?.targets ?? [])];
    let contextFallback = route?.contextFallback ?? [];
    const failures: UpstreamFailure[] = [];
    const chained = chainInterceptors(this.interceptors, call);
    for (let index = 0; index < queue.length; index++) {
      const target = queue[index];
      const attempt: Attempt = {
        ctx,
        target,
        policy: this.config.resilience.policyFor(target.provider.id),
        deadline,
        tryNo: 1,
        holds: input.holds,
        progress: input.progress,
      };
      try {
        const skip = precheck(attempt);
        if (skip) throw skip;
        return { value: await chained(attempt), target };
      } catch (error) {
        if (!(error instanceof UpstreamFailure)) throw error;
        failures.push(error);
        if (deadline.expired) {
          conclude(attempt, 'stop');
          throw error.kind === 'cold_start' ? finalError(error, ctx.attempts) : deadlineError(deadline.timeoutMs, ctx.attempts);
        }
        if (error.kind === 'context_length' && contextFallback.length > 0) {
          queue.splice(index + 1, 0, ...contextFallback);
          contextFallback = [];
          conclude(attempt, 'context_fallback');
          continue;
        }
        if (!movesOn(error)) {
          conclude(attempt, 'stop');
          throw finalError(error, ctx.attempts);
        }
        conclude(attempt, index < queue.length - 1 ? 'failover' : 'stop');
      }
    }
    throw exhaustedError(route?.name ?? String(ctx.body.model), failures, ctx.attempts);
  }
}

/** Says on the target's last record what the gateway did after it gave up on the target. */
function conclude(attempt: Attempt, action: 'failover' | 'context_fallback' | 'stop'): void {
  const record = attempt.lastRecord;
  if (!record) return;
  record.action = action;
  record.waitMs = undefined;
}

/** Targets that cannot serve this request at all are skipped without a try. */
function precheck(attempt: Attempt): UpstreamFailure | undefined {
  const { provider } = attempt.target;
  const reason = provider.disabledReason;
  // A key that brings its own provider key can use a provider the gateway has no key for.
  if (reason && !attempt.ctx.providerKeys?.[provider.id])
    return skipped(attempt, new UpstreamFailure('auth', null, 'provider_disabled', reason, {}, true));
  // Only text operations run through the attempt runner; media requests have their own service.
  if (!provider.supports(attempt.ctx.operation as TextOperation)) {
    const message = `Provider "${provider.id}" does not serve ${attempt.ctx.operation}.`;
    return skipped(attempt, new UpstreamFailure('bad_request', null, 'unsupported_operation', message, {}, true));
  }
  return undefined;
}

function skipped(attempt: Attempt, failure: UpstreamFailure): UpstreamFailure {
  attempt.lastRecord = {
    provider: attempt.target.provider.id,
    model: attempt.target.model,
    status: null,
    code: failure.code,
    latencyMs: 0,
    outcome: failure.kind,
    reason: 'skipped',
    skipped: true,
  };
  attempt.ctx.attempts.push(attempt.lastRecord);
  return failure;
}
