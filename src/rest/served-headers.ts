import { upstreamAttemptCount, type AttemptRecord } from '../errors/attempt.js';
import { gatewayOverheadMs } from '../routing/gateway-overhead.js';
import type { RequestContext } from '../routing/request-context.js';

function next(a: AttemptRecord): string {
  if (!a.action) return '';
  const wait = a.waitMs ? ` ${a.waitMs}ms` : '';
  return ` ${a.action}${a.reason ? `:${a.reason}` : ''}${wait}`;
}

/** `provider/model key status code latency outcome [action:reason wait]`, one entry per try, for operators reading headers. */
export function attemptsDetail(attempts: AttemptRecord[]): string {
  return attempts
    .map(
      (a) =>
        `${a.provider}/${a.model} ${a.keyAlias ?? '-'} ${a.status ?? '-'} ${a.code ?? '-'} ${a.latencyMs}ms ${a.skipped ? 'skipped:' : ''}${a.outcome}${next(a)}`,
    )
    .join('; ')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** Contract §4 response headers for a proxied request. */
export function servedHeaders(ctx: RequestContext): Record<string, string> {
  return {
    'x-switchyard-provider': ctx.provider ?? '',
    'x-switchyard-model': (ctx.model ?? '').replace(/[^\x20-\x7e]/g, '?'),
    'x-switchyard-attempts': String(upstreamAttemptCount(ctx.attempts)),
    'x-switchyard-attempts-detail': attemptsDetail(ctx.attempts),
    'x-switchyard-overhead-ms': String(gatewayOverheadMs(ctx)),
  };
}
