import type { AccountingStore, CreditResult, NewHold, OpenHold, Settlement, WriteBatch } from './accounting-store.js';
import { byKey, byRollupKey } from './accounting-store.js';
import { rollupValues, USAGE_COLUMNS, usageValues } from './row-values.js';

interface QueryResult {
  rows: Array<Record<string, unknown>>;
  rowCount: number | null;
}

export interface PgClient {
  query(sql: string, params?: unknown[]): Promise<QueryResult>;
  release(): void;
}

/** The part of pg.Pool this store uses (TypeORM's own pool). */
export interface PgPool {
  query(sql: string, params?: unknown[]): Promise<QueryResult>;
  connect(): Promise<PgClient>;
  end(): Promise<void>;
}

// One statement, so one round trip and atomic without an explicit transaction. Concurrent
// reservations on a key queue on its row lock and re-check `balance >= amount` on the row
// as the previous one left it (READ COMMITTED), so the balance never goes below zero.
const RESERVE = `WITH k AS (
  UPDATE api_keys SET balance_micro_usd = balance_micro_usd - $2::bigint
  WHERE id = $1 AND balance_micro_usd >= $2::bigint
  RETURNING balance_micro_usd
), h AS (
  INSERT INTO credit_holds (id, key_id, amount_micro_usd, request_id, created_at_ms)
  SELECT $3, $1, $2::bigint, $4, $5::bigint FROM k
)
INSERT INTO credit_ledger (key_id, kind, amount_micro_usd, balance_after_micro_usd, hold_id, request_id, created_at_ms)
SELECT $1, 'hold', -$2::bigint, k.balance_micro_usd, $3, $4, $5::bigint FROM k`;

const CREDIT = `WITH k AS (
  UPDATE api_keys SET balance_micro_usd = balance_micro_usd + $2::bigint
  WHERE id = $1 AND balance_micro_usd IS NOT NULL AND balance_micro_usd + $2::bigint >= 0
  RETURNING balance_micro_usd
)
INSERT INTO credit_ledger (key_id, kind, amount_micro_usd, balance_after_micro_usd, note, created_at_ms)
SELECT $1, 'credit', $2::bigint, k.balance_micro_usd, $3, $4::bigint FROM k
RETURNING balance_after_micro_usd`;

// One key's settlements in one statement: its balance moves once, by the sum, and each
// entry's balance_after is the new balance minus what the key's later entries in the batch
// moved (`later`), so the entries read exactly as if applied one by one.
const SETTLE_KEY = `WITH k AS (
  UPDATE api_keys SET balance_micro_usd = balance_micro_usd + $2::bigint WHERE id = $1 RETURNING balance_micro_usd
)
INSERT INTO credit_ledger (key_id, kind, amount_micro_usd, balance_after_micro_usd, hold_id, request_id, note, created_at_ms)
SELECT $1, e.kind, e.amount, k.balance_micro_usd - e.later, e.hold_id, e.request_id, e.note, $9::bigint
FROM k, unnest($3::varchar[], $4::bigint[], $5::bigint[], $6::varchar[], $7::varchar[], $8::varchar[])
  WITH ORDINALITY AS e(kind, amount, later, hold_id, request_id, note, n)
ORDER BY e.n`;

const USAGE_INSERT = `INSERT INTO usage_records (request_id, created_at_ms, key_id, route, provider, model, operation, status, error_code,
  prompt_tokens, completion_tokens, cost_micro_usd, latency_ms, ttft_ms, attempts, streamed, estimated, unpriced, byok) VALUES `;

const ROLLUP_INSERT = `INSERT INTO usage_daily (day, key_id, provider, model, requests, errors, prompt_tokens, completion_tokens, cost_micro_usd) VALUES `;

const ROLLUP_CONFLICT = ` ON CONFLICT (day, key_id, provider, model) DO UPDATE SET
  requests = usage_daily.requests + excluded.requests,
  errors = usage_daily.errors + excluded.errors,
  prompt_tokens = usage_daily.prompt_tokens + excluded.prompt_tokens,
  completion_tokens = usage_daily.completion_tokens + excluded.completion_tokens,
  cost_micro_usd = usage_daily.cost_micro_usd + excluded.cost_micro_usd`;

/** `($1, $2, …), ($n+1, …)` for a multi-row VALUES list. */
function placeholders(rows: number, columns: number): string {
  const groups: string[] = [];
  for (let r = 0; r < rows; r++) {
    groups.push(`(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`);
  }
  return groups.join(', ');
}

const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * Reservations go through their own small pool whose sessions commit
 * asynchronously (synchronous_commit=off): the request does not wait for a
 * WAL flush. What that risks is bounded: a PostgreSQL crash can lose the
 * last fraction of a second of reservations, each atomically (balance and
 * hold together, so the ledger still adds up), and any later durable commit
 * (a settlement) flushes them first. A request whose hold was lost is still
 * charged in full at settlement. Everything else commits synchronously.
 */
export class PostgresAccountingStore implements AccountingStore {
  constructor(
    private readonly pool: PgPool,
    private readonly reservations: PgPool,
  ) {}

  async close(): Promise<void> {
    await this.reservations.end();
  }

  async reserve(hold: NewHold): Promise<boolean> {
    const result = await this.reservations.query(RESERVE, [hold.keyId, hold.amountMicroUsd, hold.id, hold.requestId, hold.atMs]);
    return result.rowCount === 1;
  }

  async credit(keyId: string, amountMicroUsd: number, note: string | null, atMs: number): Promise<CreditResult> {
    const result = await this.pool.query(CREDIT, [keyId, amountMicroUsd, note, atMs]);
    if (result.rowCount === 1) return { ok: true, balanceMicroUsd: Number(result.rows[0].balance_after_micro_usd) };
    const current = await this.pool.query('SELECT balance_micro_usd FROM api_keys WHERE id = $1', [keyId]);
    return { ok: false, balanceMicroUsd: toNumber(current.rows[0]?.balance_micro_usd) };
  }

  /**
   * Usage rows and rollups first, then the holds, then each key's balance: a
   * balance row stays locked (holding up that key's reservations) only for its
   * own statement and the commit.
   */
  async writeBatch(batch: WriteBatch): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (batch.usage.length > 0) {
        await client.query(
          USAGE_INSERT + placeholders(batch.usage.length, USAGE_COLUMNS),
          batch.usage.flatMap((row) => usageValues(row, (value) => value)),
        );
      }
      const rollups = byRollupKey(batch.rollups);
      if (rollups.length > 0) {
        await client.query(ROLLUP_INSERT + placeholders(rollups.length, 9) + ROLLUP_CONFLICT, rollups.flatMap(rollupValues));
      }
      const holdIds = batch.settlements.flatMap((s) => (s.holdId ? [s.holdId] : []));
      const held = new Map<string, number>();
      if (holdIds.length > 0) {
        const deleted = await client.query('DELETE FROM credit_holds WHERE id = ANY($1::varchar[]) RETURNING id, amount_micro_usd', [
          holdIds,
        ]);
        for (const row of deleted.rows) held.set(String(row.id), Number(row.amount_micro_usd));
      }
      for (const [keyId, entries] of ledgerEntries(byKey(batch.settlements), held)) {
        const delta = entries.reduce((sum, entry) => sum + entry.amount, 0);
        await client.query(SETTLE_KEY, [
          keyId,
          delta,
          entries.map((e) => e.kind),
          entries.map((e) => e.amount),
          entries.map((e) => e.later),
          entries.map((e) => e.holdId),
          entries.map((e) => e.requestId),
          entries.map((e) => e.note),
          batch.atMs,
        ]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async expiredHolds(createdBeforeMs: number, limit: number): Promise<OpenHold[]> {
    const result = await this.pool.query(
      'SELECT id, key_id, request_id FROM credit_holds WHERE created_at_ms < $1 ORDER BY created_at_ms LIMIT $2',
      [createdBeforeMs, limit],
    );
    return result.rows.map((row) => ({ id: String(row.id), keyId: String(row.key_id), requestId: String(row.request_id) }));
  }
}

interface Entry {
  kind: 'release' | 'charge';
  amount: number;
  /** What this key's entries after this one move the balance by. */
  later: number;
  holdId: string | null;
  requestId: string;
  note: string | null;
}

/** Release and charge entries per key, in order; a hold already gone (swept, or settled twice) is not released again. */
export function ledgerEntries(settlements: Settlement[], held: Map<string, number>): Map<string, Entry[]> {
  const byKeyId = new Map<string, Entry[]>();
  for (const s of settlements) {
    const amount = s.holdId ? (held.get(s.holdId) ?? 0) : 0;
    if (s.holdId) held.delete(s.holdId);
    const entries = byKeyId.get(s.keyId) ?? [];
    if (amount > 0) entries.push({ kind: 'release', amount, later: 0, holdId: s.holdId, requestId: s.requestId, note: s.note ?? null });
    if (s.chargeMicroUsd > 0) {
      entries.push({ kind: 'charge', amount: -s.chargeMicroUsd, later: 0, holdId: s.holdId, requestId: s.requestId, note: null });
    }
    if (entries.length > 0) byKeyId.set(s.keyId, entries);
  }
  for (const entries of byKeyId.values()) {
    let later = 0;
    for (let i = entries.length - 1; i >= 0; i--) {
      entries[i].later = later;
      later += entries[i].amount;
    }
  }
  return byKeyId;
}
