import type { ProviderPolicy } from '../../config/resilience-config.js';
import type { AttemptRecord } from '../../errors/attempt.js';
import type { LeasedKey } from '../../upstream/key-pool.js';
import type { RateLimitSnapshot } from '../../upstream/rate-limit-headers.js';
import type { GatewayProgress } from '../gateway-progress.js';
import type { RequestContext } from '../request-context.js';
import type { RouteTarget } from '../route-target.js';
import type { Deadline } from './deadline.js';

/** One target of one request, as the interceptors around the upstream call see it. */
export interface Attempt {
  readonly ctx: RequestContext;
  readonly target: RouteTarget;
  readonly policy: ProviderPolicy;
  readonly deadline: Deadline;
  /** 1 for the first try against this target. */
  tryNo: number;
  /** The key the key interceptor leased for this try. */
  key?: LeasedKey;
  /** The record of the latest try, for the outer layers to say what happened next. */
  lastRecord?: AttemptRecord;
  /** Released once the successful try's response is consumed (a concurrency slot held for a whole stream). */
  readonly holds: Array<() => void>;
  progress(event: GatewayProgress): void;
}

/** What every upstream result exposes to the interceptors. */
export interface AttemptResult {
  keyAlias?: string;
  rateLimit?: RateLimitSnapshot;
}

export type AttemptCall<T extends AttemptResult> = (attempt: Attempt) => Promise<T>;

/** A layer around the upstream call: retry, recording, circuit breaker, concurrency limit, key choice. */
export interface AttemptInterceptor {
  intercept<T extends AttemptResult>(attempt: Attempt, next: AttemptCall<T>): Promise<T>;
}

/** The first interceptor is the outermost. */
export function chainInterceptors<T extends AttemptResult>(
  interceptors: readonly AttemptInterceptor[],
  call: AttemptCall<T>,
): AttemptCall<T> {
  return interceptors.reduceRight<AttemptCall<T>>((next, interceptor) => (attempt) => interceptor.intercept(attempt, next), call);
}
