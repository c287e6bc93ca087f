import type { RequestContext } from '../routing/request-context.js';
import { redactSecrets } from '../upstream/redact.js';
import type { Observation } from './provider-health.types.js';

/** Failures that say something about the provider rather than about the request. */
const PROVIDER_FAULTS = new Set(['rate_limited', 'server', 'timeout', 'network', 'cold_start', 'auth', 'quota']);
/** The provider answered correctly; the request itself was wrong. */
const CALLER_FAULTS = new Set(['ok', 'bad_request', 'context_length', 'content_policy', 'not_found']);

export interface ProviderObservation {
  provider: string;
  observation: Observation;
}

/**
 * What a finished request taught about its providers: one observation per
 * upstream attempt, plus a fault when a stream broke after it started. Attempts
 * on a disabled provider and outcomes this code does not know are skipped.
 */
export function trafficObservations(ctx: RequestContext, now: number, secrets: readonly string[] = []): ProviderObservation[] {
  const out: ProviderObservation[] = [];
  const last = ctx.attempts.length - 1;
  ctx.attempts.forEach((attempt, index) => {
    if (attempt.code === 'provider_disabled') return;
    const fault = PROVIDER_FAULTS.has(attempt.outcome);
    if (!fault && !CALLER_FAULTS.has(attempt.outcome)) return;
    const detail = !fault
      ? undefined
      : index === last && ctx.error
        ? ctx.error.message
        : `${attempt.status ?? 'no status'} ${attempt.code ?? attempt.outcome}`;
    out.push({
      provider: attempt.provider,
      observation: {
        ok: !fault,
        source: 'traffic',
        at: now,
        latencyMs: attempt.latencyMs,
        code: attempt.code ?? attempt.outcome,
        message: detail === undefined ? undefined : redactSecrets(detail, secrets),
      },
    });
  });
  const broke = ctx.streamed && ctx.error && !ctx.clientAborted && ctx.provider && ctx.attempts[last]?.outcome === 'ok';
  if (broke && ctx.error && ctx.provider) {
    out.push({
      provider: ctx.provider,
      observation: { ok: false, source: 'traffic', at: now, code: ctx.error.code, message: redactSecrets(ctx.error.message, secrets) },
    });
  }
  return out;
}
