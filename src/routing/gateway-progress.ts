/**
 * What the gateway is waiting for before an answer exists. Transports turn it
 * into something the client sees so nothing times out: REST streams write an
 * SSE comment; GraphQL can map `type` to a typed subscription event.
 */
export type GatewayProgress =
  /** The model is loading upstream; the gateway retries after `waitMs`. */
  | { type: 'warming'; provider: string; model: string; waitMs: number; estimatedMs?: number }
  /** A retry after a long backoff or `Retry-After`, or a wait for a rate-limited key. */
  | { type: 'waiting'; provider: string; model: string; waitMs: number; reason: 'retry' | 'rate_limited' };

/** Waits shorter than this are not announced: they end before any client could time out. */
export const PROGRESS_MIN_WAIT_MS = 1000;

/** One human-readable line, e.g. for an SSE comment. */
export function describeProgress(event: GatewayProgress): string {
  const target = `${event.provider}/${event.model}`;
  const seconds = (event.waitMs / 1000).toFixed(1);
  if (event.type === 'warming') {
    const estimate = event.estimatedMs === undefined ? '' : `, estimated ${(event.estimatedMs / 1000).toFixed(1)} s`;
    return `warming ${target}: the model is loading${estimate}; retrying in ${seconds} s`;
  }
  return event.reason === 'rate_limited'
    ? `waiting ${seconds} s for a rate limit on ${target} to reset`
    : `retrying ${target} in ${seconds} s`;
}
