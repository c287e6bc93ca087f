import type { AttemptRecord } from '../errors/attempt.js';
import type { ServedBy } from '../routing/gateway.service.js';

/** `provider/model key status code latency outcome`, one entry per try, for operators reading headers. */
export function attemptsDetail(attempts: AttemptRecord[]): string {
  return attempts
    .map((a) => `${a.provider}/${a.model} ${a.keyAlias ?? '-'} ${a.status ?? '-'} ${a.code ?? '-'} ${a.latencyMs}ms ${a.outcome}`)
    .join('; ')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** Contract §4 response headers for a proxied request. */
export function servedHeaders(served: ServedBy): Record<string, string> {
  return {
    'x-switchyard-provider': served.provider,
    'x-switchyard-model': served.model.replace(/[^\x20-\x7e]/g, '?'),
    'x-switchyard-attempts': String(served.attempts.length),
    'x-switchyard-attempts-detail': attemptsDetail(served.attempts),
  };
}
