import type { CreditLedgerEntryEntity } from '../accounting/credits/credit-ledger-entry.entity.js';
import { toUsd } from './key-view.js';

export function ledgerEntryView(entry: CreditLedgerEntryEntity): Record<string, unknown> {
  return {
    id: entry.id,
    kind: entry.kind,
    amountUsd: toUsd(entry.amountMicroUsd),
    balanceAfterUsd: entry.balanceAfterMicroUsd === null ? null : toUsd(entry.balanceAfterMicroUsd),
    requestId: entry.requestId,
    note: entry.note,
    createdAt: new Date(entry.createdAtMs).toISOString(),
  };
}
