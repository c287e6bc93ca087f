import { principalId } from '../keys/principal.js';
import { gatewayOverheadMs } from '../routing/gateway-overhead.js';
import type { RequestContext } from '../routing/request-context.js';
import { redactSecrets } from '../upstream/redact.js';

export interface RequestLogRecord {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  msg: string;
}

const ms = (value: number): number => Math.round(value * 100) / 100;

/** Server-side failures warn; everything else, client aborts included, is info. */
export function requestLogLevel(ctx: RequestContext): RequestLogRecord['level'] {
  const status = ctx.clientAborted ? 499 : (ctx.error?.status ?? 200);
  return status >= 500 ? 'warn' : 'info';
}

/** The one log line a finished gateway request gets: who, where, outcome, timings, tokens. Never a key. */
export function requestLogRecord(ctx: RequestContext, now: number, secrets: readonly string[]): RequestLogRecord {
  // Route and model names come from the client, who may paste anything into them.
  const clean = (text: string | undefined): string | null => (text === undefined ? null : redactSecrets(text, secrets));
  const status = ctx.clientAborted ? 499 : (ctx.error?.status ?? 200);
  const fields: Record<string, unknown> = {
    requestId: ctx.requestId,
    keyId: principalId(ctx.principal),
    operation: ctx.operation,
    streamed: ctx.streamed,
    route: clean(ctx.route?.name),
    provider: ctx.provider ?? ctx.attempts.at(-1)?.provider ?? null,
    model: clean(ctx.model ?? ctx.attempts.at(-1)?.model),
    status,
    latencyMs: ms(now - ctx.startedAt),
    overheadMs: gatewayOverheadMs(ctx, now),
    attempts: ctx.attempts.map((a) => ({
      provider: a.provider,
      model: clean(a.model),
      keyAlias: a.keyAlias ?? null,
      status: a.status,
      code: a.code,
      latencyMs: a.latencyMs,
      outcome: a.outcome,
    })),
  };
  if (ctx.firstTokenAt !== undefined) fields.ttftMs = ms(ctx.firstTokenAt - ctx.startedAt);
  if (ctx.usage) fields.tokens = { prompt: ctx.usage.promptTokens, completion: ctx.usage.completionTokens, estimated: ctx.usage.estimated };
  if (ctx.costMicroUsd !== undefined) fields.costUsd = ctx.costMicroUsd / 1e6;
  if (ctx.clientAborted) fields.clientAborted = true;
  if (ctx.error) fields.error = { code: ctx.error.code, source: ctx.error.source, message: redactSecrets(ctx.error.message, secrets) };
  return { level: requestLogLevel(ctx), fields, msg: 'request finished' };
}
