import type { RequestContext } from '../routing/request-context.js';
import { gatewayOverheadMs } from '../routing/gateway-overhead.js';

/** Gateway refusals before any upstream call, by error code. */
const REFUSALS = new Set(['insufficient_credits', 'rate_limited', 'forbidden']);

export interface RequestFacts {
  labels: { operation: string; route: string; provider: string; model: string; status: string; code: string; streamed: string };
  durationS: number;
  ttftS?: number;
  overheadS: number;
  attempts: Array<{ provider: string; outcome: string }>;
  /** Another try of the same provider and model as the attempt before it. */
  retries: string[];
  /** A move to another target: `[from, to]` providers. */
  failovers: Array<[string, string]>;
  refusal?: string;
  tokens?: { prompt: number; completion: number };
  costUsd?: number;
}

/**
 * What a finished request contributes to the metrics, read only from its
 * context: counters keyed off attempt outcomes light up as soon as the routing
 * layer makes retries, failovers or cold-start waits.
 */
export function requestFacts(ctx: RequestContext, now: number): RequestFacts {
  const lastAttempt = ctx.attempts.at(-1);
  const provider = ctx.provider ?? lastAttempt?.provider ?? 'none';
  // A model nobody serves is whatever the client typed (a typo, even a pasted key): not a label value.
  const unknownModel = ctx.error?.code === 'model_not_found' || ctx.error?.code === 'provider_not_found';
  const model = unknownModel ? 'unknown' : (ctx.model ?? lastAttempt?.model ?? ctx.route?.targets[0]?.model ?? 'unknown');
  const status = ctx.clientAborted ? 499 : (ctx.error?.status ?? 200);
  const route = ctx.route ? (ctx.route.kind === 'alias' ? ctx.route.name : ctx.route.kind) : 'unresolved';
  const retries: string[] = [];
  const failovers: Array<[string, string]> = [];
  ctx.attempts.forEach((attempt, index) => {
    const before = ctx.attempts[index - 1];
    if (!before) return;
    if (before.provider === attempt.provider && before.model === attempt.model) retries.push(attempt.provider);
    else failovers.push([before.provider, attempt.provider]);
  });
  const refused = ctx.error && ctx.attempts.length === 0 && REFUSALS.has(ctx.error.code) ? ctx.error.code : undefined;
  return {
    labels: {
      operation: ctx.operation,
      route,
      provider,
      model,
      status: String(status),
      code: ctx.clientAborted ? 'client_closed' : (ctx.error?.code ?? 'ok'),
      streamed: String(ctx.streamed),
    },
    durationS: (now - ctx.startedAt) / 1000,
    ttftS: ctx.firstTokenAt !== undefined ? (ctx.firstTokenAt - ctx.startedAt) / 1000 : undefined,
    overheadS: gatewayOverheadMs(ctx, now) / 1000,
    attempts: ctx.attempts.map((attempt) => ({ provider: attempt.provider, outcome: attempt.outcome })),
    retries,
    failovers,
    refusal: refused,
    tokens: ctx.usage ? { prompt: ctx.usage.promptTokens, completion: ctx.usage.completionTokens } : undefined,
    costUsd: ctx.costMicroUsd !== undefined ? ctx.costMicroUsd / 1e6 : undefined,
  };
}
