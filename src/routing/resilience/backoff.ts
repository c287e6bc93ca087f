import type { RetryPolicy } from '../../config/resilience-config.js';
import type { Random } from './clock.js';

/**
 * Delay before retry number `retry` (1 = the first retry): exponential from
 * `baseDelayMs`, capped at `maxDelayMs`, with full jitter (uniform between 0
 * and that ceiling) so clients that failed together do not retry together.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: Random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return policy.jitter === 'none' ? ceiling : Math.floor(random() * ceiling);
}
