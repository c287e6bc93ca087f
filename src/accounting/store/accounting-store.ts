/** A request's worst-case cost, taken from the balance before the upstream call. */
export interface NewHold {
  id: string;
  keyId: string;
  amountMicroUsd: number;
  requestId: string;
  atMs: number;
}

/**
 * Ends a request for a key with credits: the hold (if still open) is released
 * and the actual cost charged, in one transaction with the balance change.
 */
export interface Settlement {
  keyId: string;
  holdId: string | null;
  chargeMicroUsd: number;
  requestId: string;
  /** Why a hold is released without a request settling it (the sweeper). */
  note?: string;
}

export interface UsageRow {
  requestId: string;
  createdAtMs: number;
  keyId: string | null;
  route: string | null;
  provider: string | null;
  model: string | null;
  operation: string;
  status: number;
  errorCode: string | null;
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number | null;
  latencyMs: number;
  ttftMs: number | null;
  attempts: number;
  streamed: boolean;
  estimated: boolean;
  unpriced: boolean;
  byok: boolean;
}

/** What a batch adds to one `usage_daily` row. */
export interface RollupDelta {
  day: string;
  keyId: string;
  provider: string;
  model: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number;
}

export interface WriteBatch {
  settlements: Settlement[];
  usage: UsageRow[];
  rollups: RollupDelta[];
  atMs: number;
}

export type CreditResult = { ok: true; balanceMicroUsd: number } | { ok: false; balanceMicroUsd: number | null };

export interface OpenHold {
  id: string;
  keyId: string;
  requestId: string;
}

/**
 * The few statements whose atomicity the ledger depends on, per database
 * (SQLite runs them as synchronous transactions, Postgres as single statements
 * where it can). Everything else goes through TypeORM.
 */
export interface AccountingStore {
  /** Takes the amount from the balance only if it stays >= 0; false when it cannot be covered. */
  reserve(hold: NewHold): Promise<boolean>;
  /** Adds (or with a negative amount deducts) credits; refused when the balance would go below zero or is unlimited. */
  credit(keyId: string, amountMicroUsd: number, note: string | null, atMs: number): Promise<CreditResult>;
  /** Settlements, usage rows and rollups in one transaction. */
  writeBatch(batch: WriteBatch): Promise<void>;
  expiredHolds(createdBeforeMs: number, limit: number): Promise<OpenHold[]>;
  /** Releases what the store opened itself (the database connection is TypeORM's). */
  close(): Promise<void>;
}

export const ACCOUNTING_STORE = Symbol('ACCOUNTING_STORE');

/** Settlements in key order, so concurrent batches lock balance rows in the same order (no deadlocks). */
export function byKey(settlements: Settlement[]): Settlement[] {
  return [...settlements].sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0));
}

export function byRollupKey(rollups: RollupDelta[]): RollupDelta[] {
  const key = (r: RollupDelta): string => `${r.day}\u0000${r.keyId}\u0000${r.provider}\u0000${r.model}`;
  return [...rollups].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
