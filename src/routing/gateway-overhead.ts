import type { RequestContext } from './request-context.js';

/**
 * Time the gateway itself added (ms): the time until the answer (a JSON body's
 * completion, a stream's first token) minus the time spent in upstream attempts.
 * Deliberate waits between attempts (backoff, cold starts) count as gateway time.
 */
export function gatewayOverheadMs(ctx: RequestContext, now: number = performance.now()): number {
  const until = ctx.streamed ? (ctx.firstTokenAt ?? now) : now;
  const upstream = ctx.attempts.reduce((sum, attempt) => sum + attempt.latencyMs, 0);
  return Math.max(0, Math.round((until - ctx.startedAt - upstream) * 100) / 100);
}
