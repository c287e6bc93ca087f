import type { UsageRecordEntity } from '../accounting/usage/usage-record.entity.js';
import type { SummaryRow } from '../accounting/usage/usage-query.service.js';
import { toUsd } from './key-view.js';

export function usageView(r: UsageRecordEntity): Record<string, unknown> {
  return {
    id: r.id,
    requestId: r.requestId,
    createdAt: new Date(r.createdAtMs).toISOString(),
    keyId: r.keyId,
    route: r.route,
    provider: r.provider,
    model: r.model,
    operation: r.operation,
    status: r.status,
    errorCode: r.errorCode,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    costUsd: r.costMicroUsd === null ? null : toUsd(r.costMicroUsd),
    latencyMs: r.latencyMs,
    ttftMs: r.ttftMs,
    attempts: r.attempts,
    streamed: Boolean(r.streamed),
    estimated: Boolean(r.estimated),
    unpriced: Boolean(r.unpriced),
    byok: Boolean(r.byok),
  };
}

export function summaryView(row: SummaryRow): Record<string, unknown> {
  const { costMicroUsd, ...rest } = row;
  return { ...rest, costUsd: toUsd(costMicroUsd) };
}

const CSV_COLUMNS = [
  'id',
  'requestId',
  'createdAt',
  'keyId',
  'route',
  'provider',
  'model',
  'operation',
  'status',
  'errorCode',
  'promptTokens',
  'completionTokens',
  'costUsd',
  'latencyMs',
  'ttftMs',
  'attempts',
  'streamed',
  'estimated',
  'unpriced',
  'byok',
];

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;

export function csvLine(r: UsageRecordEntity): string {
  const view = usageView(r);
  return `${CSV_COLUMNS.map((column) => csvField(view[column])).join(',')}\r\n`;
}
