import type { RateLimitSnapshot } from './rate-limit-headers.js';

/** How an upstream attempt failed; routing decides from `kind` whether to retry, rotate or stop. */
export type FailureKind =
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'cold_start'
  | 'auth'
  | 'quota'
  | 'context_length'
  | 'content_policy'
  | 'bad_request'
  | 'not_found';

export interface FailureHints {
  retryAfterMs?: number;
  estimatedTimeMs?: number;
  /** The rate-limit headers of the failed response. */
  rateLimit?: RateLimitSnapshot;
}

export class UpstreamFailure extends Error {
  override readonly name = 'UpstreamFailure';
  keyAlias?: string;

  constructor(
    readonly kind: FailureKind,
    readonly status: number | null,
    /** The provider's code or the gateway's name for what happened. */
    readonly code: string,
    message: string,
    readonly hints: FailureHints = {},
    /** The gateway refused to call the upstream (circuit open, keys resting, queue full); no request was sent. */
    readonly skipped = false,
  ) {
    super(message);
  }
}

/** Failures that another attempt (later, with another key or elsewhere) may get past. */
export function isTransient(kind: FailureKind): boolean {
  return kind === 'rate_limited' || kind === 'server' || kind === 'timeout' || kind === 'network' || kind === 'cold_start';
}
