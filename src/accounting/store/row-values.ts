import type { RollupDelta, UsageRow } from './accounting-store.js';

/** Column order of INSERT INTO usage_records; booleans as the driver binds them (SQLite has none). */
export function usageValues(row: UsageRow, flag: (value: boolean) => unknown): unknown[] {
  return [
    row.requestId,
    row.createdAtMs,
    row.keyId,
    row.route,
    row.provider,
    row.model,
    row.operation,
    row.status,
    row.errorCode,
    row.promptTokens,
    row.completionTokens,
    row.costMicroUsd,
    row.latencyMs,
    row.ttftMs,
    row.attempts,
    flag(row.streamed),
    flag(row.estimated),
    flag(row.unpriced),
    flag(row.byok),
  ];
}

export const USAGE_COLUMNS = 19;

/** Column order of INSERT INTO usage_daily. */
export function rollupValues(r: RollupDelta): unknown[] {
  return [r.day, r.keyId, r.provider, r.model, r.requests, r.errors, r.promptTokens, r.completionTokens, r.costMicroUsd];
}
