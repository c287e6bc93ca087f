import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, UsageQueryService, type SummaryRow } from '../../accounting/usage/usage-query.service.js';
import type { UsageRecordEntity } from '../../accounting/usage/usage-record.entity.js';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { UsageGrouping, UsageListQuery, UsagePage, UsageQuery, UsageRecordView, UsageSummaryView } from '../ports/usage-query.port.js';

const utcDay = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10));

function recordView(record: UsageRecordEntity): UsageRecordView {
  return {
    id: String(record.id),
    requestId: record.requestId,
    keyId: record.keyId,
    operation: record.operation,
    route: record.route,
    provider: record.provider,
    model: record.model,
    status: record.status,
    errorCode: record.errorCode,
    promptTokens: record.promptTokens,
    completionTokens: record.completionTokens,
    costMicroUsd: record.costMicroUsd,
    latencyMs: record.latencyMs,
    timeToFirstTokenMs: record.ttftMs,
    attempts: record.attempts,
    streamed: record.streamed,
    createdAtMs: record.createdAtMs,
  };
}

/** The group's name as GET /admin/usage/summary reports it: the admin key is "admin", a request nobody served "none". */
function groupOf(row: SummaryRow, groupBy: UsageGrouping): string {
  if (groupBy === 'key') return row.keyId ?? 'admin';
  if (groupBy === 'day') return row.day ?? '';
  return (groupBy === 'provider' ? row.provider : row.model) ?? 'none';
}

/** `usage` and `usageSummary` over accounting's request log and daily rollups (the same reads as /admin/usage). */
@Injectable()
export class AccountingUsageQuery implements UsageQuery {
  constructor(private readonly usage: UsageQueryService) {}

  async list(query: UsageListQuery): Promise<UsagePage> {
    const cursor = query.after === undefined ? undefined : decodeCursor(query.after);
    if (query.after !== undefined && cursor === undefined)
      throw new InvalidRequestError('after is not a cursor this API returned', 'filter.after');
    const page = await this.usage.list(
      { keyId: query.keyId, provider: query.provider, model: query.model, fromMs: query.fromMs, toMs: query.toMs },
      query.first,
      cursor,
    );
    return {
      records: page.records.map((record) => ({ cursor: encodeCursor(record.id), record: recordView(record) })),
      hasNextPage: page.nextCursor !== null,
    };
  }

  /** Read from the daily rollups: `from` and `to` select whole UTC days, both included. */
  async summary(groupBy: UsageGrouping, fromMs?: number, toMs?: number): Promise<UsageSummaryView[]> {
    const rows = await this.usage.summary({ groupBy: [groupBy], fromDay: utcDay(fromMs), toDay: utcDay(toMs) });
    return rows.map((row) => ({
      group: groupOf(row, groupBy),
      requests: row.requests,
      errors: row.errors,
      promptTokens: row.promptTokens,
      completionTokens: row.completionTokens,
      costMicroUsd: row.costMicroUsd,
    }));
  }
}
