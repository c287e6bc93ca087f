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

export class UpstreamFailure extends Error {
  override readonly name = 'UpstreamFailure';
  keyAlias?: string;

  constructor(
    readonly kind: FailureKind,
    readonly status: number | null,
    /** The provider's code or the gateway's name for what happened. */
    readonly code: string,
    message: string,
    readonly hints: { retryAfterMs?: number; estimatedTimeMs?: number } = {},
  ) {
    super(message);
  }
}

/** Failures that another attempt (later, with another key or elsewhere) may get past. */
export function isTransient(kind: FailureKind): boolean {
  return kind === 'rate_limited' || kind === 'server' || kind === 'timeout' || kind === 'network' || kind === 'cold_start';
}
