/** One upstream try, as reported in `x-switchyard-attempts` and `error.attempts`. */
export interface AttemptRecord {
  provider: string;
  model: string;
  keyAlias?: string;
  status: number | null;
  code: string | null;
  latencyMs: number;
  /** `ok`, or the kind of failure (`rate_limited`, `server`, `cold_start`, ...). */
  outcome: string;
  /** What the gateway did next: `retry`, `failover`, `context_fallback` or `stop`. */
  action?: string;
  /** Why: `backoff`, `retry_after`, `other_key`, `cold_start`, `attempts_exhausted`, `deadline`, `not_retryable`, ... */
  reason?: string;
  /** How long the gateway waited before the next try. */
  waitMs?: number;
  /** The gateway refused to send this try (circuit open, keys resting, queue full, provider disabled). */
  skipped?: boolean;
}

/** Tries that reached an upstream (`x-switchyard-attempts`); skipped targets are listed but not counted. */
export function upstreamAttemptCount(attempts: readonly AttemptRecord[]): number {
  let count = 0;
  for (const attempt of attempts) if (!attempt.skipped) count++;
  return count;
}
