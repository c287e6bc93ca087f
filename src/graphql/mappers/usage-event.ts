import { principalId } from '../../keys/principal.js';
import type { RequestContext } from '../../routing/request-context.js';
import type { TokenUsage } from '../../routing/token-usage.js';
import { UsageEventOutcome, type UsageEventModel } from '../models/usage-event.model.js';
import { usageView, usd } from './views.js';

/** A finished request as published on the usage-events topic (plain JSON: it crosses Redis). */
export interface UsageEventPayload {
  requestId: string;
  keyId: string | null;
  operation: string;
  route: string | null;
  provider: string | null;
  model: string | null;
  streamed: boolean;
  outcome: 'ok' | 'error' | 'client_aborted';
  errorCode: string | null;
  usage: TokenUsage | null;
  costMicroUsd: number | null;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  attempts: number;
  finishedAtMs: number;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

export function usageEventPayload(ctx: RequestContext, now: number, nowMs: number): UsageEventPayload {
  const keyId = principalId(ctx.principal);
  return {
    requestId: ctx.requestId,
    keyId: keyId === 'admin' ? null : keyId,
    operation: ctx.operation,
    route: ctx.route?.name ?? null,
    provider: ctx.provider ?? null,
    model: ctx.model ?? null,
    streamed: ctx.streamed,
    outcome: ctx.clientAborted ? 'client_aborted' : ctx.error ? 'error' : 'ok',
    errorCode: ctx.error?.code ?? null,
    usage: ctx.usage ?? null,
    costMicroUsd: ctx.costMicroUsd ?? null,
    latencyMs: round(now - ctx.startedAt),
    timeToFirstTokenMs: ctx.firstTokenAt === undefined ? null : round(ctx.firstTokenAt - ctx.startedAt),
    attempts: ctx.attempts.length,
    finishedAtMs: nowMs,
  };
}

const OUTCOMES: Record<UsageEventPayload['outcome'], UsageEventOutcome> = {
  ok: UsageEventOutcome.OK,
  error: UsageEventOutcome.ERROR,
  client_aborted: UsageEventOutcome.CLIENT_ABORTED,
};

export function usageEventView(payload: UsageEventPayload): UsageEventModel {
  return {
    requestId: payload.requestId,
    keyId: payload.keyId,
    operation: payload.operation,
    route: payload.route,
    provider: payload.provider,
    model: payload.model,
    streamed: payload.streamed,
    outcome: OUTCOMES[payload.outcome],
    errorCode: payload.errorCode,
    usage: payload.usage ? usageView(payload.usage) : null,
    costUsd: usd(payload.costMicroUsd),
    latencyMs: payload.latencyMs,
    timeToFirstTokenMs: payload.timeToFirstTokenMs,
    attempts: payload.attempts,
    finishedAt: new Date(payload.finishedAtMs),
  };
}
