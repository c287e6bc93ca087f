import type { RequestContext } from '../../routing/request-context.js';
import type { RollupDelta, UsageRow } from '../store/accounting-store.js';

/** nginx's "client closed request": the client left before the response ended. */
export const CLIENT_CLOSED_STATUS = 499;

export interface Priced {
  costMicroUsd: number | null;
  unpriced: boolean;
  byok: boolean;
}

const cut = (value: string | undefined | null, max: number): string | null => (value ? value.slice(0, max) : null);

/** The slim row for one finished request; `nowMs`/`nowPerf` are the same instant on both clocks. */
export function usageRowFor(ctx: RequestContext, priced: Priced, nowMs: number, nowPerf: number): UsageRow {
  const latencyMs = Math.max(0, Math.round(nowPerf - ctx.startedAt));
  const status = ctx.clientAborted ? CLIENT_CLOSED_STATUS : (ctx.error?.status ?? 200);
  return {
    requestId: ctx.requestId.slice(0, 128),
    createdAtMs: nowMs - latencyMs,
    keyId: ctx.principal.kind === 'key' ? ctx.principal.key.id : null,
    route: cut(ctx.route?.name ?? (typeof ctx.body.model === 'string' ? ctx.body.model : null), 200),
    provider: cut(ctx.provider, 64),
    model: cut(ctx.model, 200),
    operation: ctx.operation,
    status,
    errorCode: ctx.clientAborted ? 'client_closed' : cut(ctx.error?.code, 48),
    promptTokens: ctx.usage?.promptTokens ?? 0,
    completionTokens: ctx.usage?.completionTokens ?? 0,
    costMicroUsd: priced.costMicroUsd,
    latencyMs,
    ttftMs: ctx.firstTokenAt === undefined ? null : Math.max(0, Math.round(ctx.firstTokenAt - ctx.startedAt)),
    attempts: ctx.attempts.length,
    streamed: ctx.streamed,
    estimated: ctx.usage?.estimated ?? false,
    unpriced: priced.unpriced,
    byok: priced.byok,
  };
}

const DAY_MS = 86_400_000;
/** The last day asked for: every row of a batch, and nearly every batch, falls on the same day. */
let lastDay = { start: 0, end: 0, text: '' };

/** UTC `YYYY-MM-DD`. */
export function utcDay(ms: number): string {
  if (ms >= lastDay.start && ms < lastDay.end) return lastDay.text;
  const start = Math.floor(ms / DAY_MS) * DAY_MS;
  lastDay = { start, end: start + DAY_MS, text: new Date(ms).toISOString().slice(0, 10) };
  return lastDay.text;
}

/** Adds a batch's rows up per day, key, provider and model before they touch the rollup table. */
export function rollupsFor(rows: UsageRow[]): RollupDelta[] {
  const groups = new Map<string, RollupDelta>();
  for (const row of rows) {
    const day = utcDay(row.createdAtMs);
    const keyId = row.keyId ?? '';
    const provider = row.provider ?? '';
    const model = row.model ?? '';
    const id = `${day}\u0000${keyId}\u0000${provider}\u0000${model}`;
    let group = groups.get(id);
    if (!group) {
      group = { day, keyId, provider, model, requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, costMicroUsd: 0 };
      groups.set(id, group);
    }
    group.requests++;
    if (row.status >= 400) group.errors++;
    group.promptTokens += row.promptTokens;
    group.completionTokens += row.completionTokens;
    group.costMicroUsd += row.costMicroUsd ?? 0;
  }
  return [...groups.values()];
}
