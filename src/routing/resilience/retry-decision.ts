import type { ProviderPolicy } from '../../config/resilience-config.js';
import type { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { backoffDelayMs } from './backoff.js';
import type { Random } from './clock.js';

export type RetryReason = 'backoff' | 'retry_after' | 'other_key' | 'cold_start';
export type MoveOnReason =
  'not_retryable' | 'attempts_exhausted' | 'deadline' | 'retry_after_too_long' | 'cold_start_budget' | 'no_usable_key' | 'skipped';

export type RetryDecision = { action: 'retry'; delayMs: number; reason: RetryReason } | { action: 'move_on'; reason: MoveOnReason };

/** Where one target stands after a failed try. */
export interface RetryState {
  /** Tries made against this target, the failed one included. */
  tries: number;
  /** Time already spent waiting for this target to warm up. */
  coldWaitedMs: number;
  /** Until the request's deadline. */
  remainingMs: number;
  /** The provider's pool has a usable key other than the one that just failed. */
  otherKeyUsable: boolean;
}

/** Bounds polling of a model that keeps reporting itself cold with no wait in between. */
const MAX_COLD_TRIES = 50;

type Failure = Pick<UpstreamFailure, 'kind' | 'hints' | 'skipped'>;

/**
 * Whether to try the same target again, and after how long. Never retries what
 * cannot succeed (bad request, context length, content policy, unknown model),
 * never sleeps past the deadline, and prefers another key over waiting.
 */
export function decideRetry(failure: Failure, state: RetryState, policy: ProviderPolicy, random: Random): RetryDecision {
  if (failure.skipped) return { action: 'move_on', reason: 'skipped' };
  switch (failure.kind) {
    case 'cold_start':
      return coldStart(failure, state, policy);
    case 'auth':
    case 'quota':
      if (!state.otherKeyUsable) return { action: 'move_on', reason: 'no_usable_key' };
      if (state.tries >= policy.retry.maxAttempts) return { action: 'move_on', reason: 'attempts_exhausted' };
      return { action: 'retry', delayMs: 0, reason: 'other_key' };
    case 'rate_limited':
      if (state.tries >= policy.retry.maxAttempts) return { action: 'move_on', reason: 'attempts_exhausted' };
      if (state.otherKeyUsable) return { action: 'retry', delayMs: 0, reason: 'other_key' };
      return later(failure, state, policy, random);
    case 'server':
    case 'timeout':
    case 'network':
      if (state.remainingMs <= 0) return { action: 'move_on', reason: 'deadline' };
      if (state.tries >= policy.retry.maxAttempts) return { action: 'move_on', reason: 'attempts_exhausted' };
      return later(failure, state, policy, random);
    default:
      return { action: 'move_on', reason: 'not_retryable' };
  }
}

/** `Retry-After` when the provider sent one, else exponential backoff with jitter. */
function later(failure: Failure, state: RetryState, policy: ProviderPolicy, random: Random): RetryDecision {
  const retryAfter = failure.hints.retryAfterMs;
  if (retryAfter !== undefined && retryAfter > policy.retry.maxRetryAfterMs) return { action: 'move_on', reason: 'retry_after_too_long' };
  const delayMs = retryAfter ?? backoffDelayMs(state.tries, policy.retry, random);
  if (delayMs >= state.remainingMs) return { action: 'move_on', reason: 'deadline' };
  return { action: 'retry', delayMs, reason: retryAfter === undefined ? 'backoff' : 'retry_after' };
}

/** Waits as long as the provider estimates (or the configured pause), within the cold-start budget and the deadline. */
function coldStart(failure: Failure, state: RetryState, policy: ProviderPolicy): RetryDecision {
  const delayMs = Math.round(failure.hints.estimatedTimeMs ?? failure.hints.retryAfterMs ?? policy.coldStart.retryDelayMs);
  if (state.tries >= MAX_COLD_TRIES || state.coldWaitedMs + delayMs > policy.coldStart.maxWaitMs) {
    return { action: 'move_on', reason: 'cold_start_budget' };
  }
  if (delayMs >= state.remainingMs) return { action: 'move_on', reason: 'deadline' };
  return { action: 'retry', delayMs, reason: 'cold_start' };
}
