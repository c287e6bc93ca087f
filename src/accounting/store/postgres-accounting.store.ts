import type { AccountingStore, CreditResult, NewHold, OpenHold, WriteBatch } from './accounting-store.js';
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

// Deleting the hold decides whether there is anything to release: a hold the
// sweeper already released is not released twice, and the charge still lands.
const SETTLE = `WITH h AS (
  DELETE FROM credit_holds WHERE id = $1 RETURNING amount_micro_usd
), d AS (
  SELECT COALESCE((SELECT amount_micro_usd FROM h), 0)::bigint AS held
), k AS (
  UPDATE api_keys SET balance_micro_usd = balance_micro_usd + d.held - $2::bigint
  FROM d WHERE api_keys.id = $3 AND (d.held > 0 OR $2::bigint > 0)
  RETURNING api_keys.balance_micro_usd AS after, d.held AS held
)
INSERT INTO credit_ledger (key_id, kind, amount_micro_usd, balance_after_micro_usd, hold_id, request_id, note, created_at_ms)
SELECT $3, 'release', k.held, k.after + $2::bigint, $1, $4, $6, $5::bigint FROM k WHERE k.held > 0
UNION ALL
SELECT $3, 'charge', -$2::bigint, k.after, $1, $4, NULL, $5::bigint FROM k WHERE $2::bigint > 0`;

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

export class PostgresAccountingStore implements AccountingStore {
  constructor(private readonly pool: PgPool) {}

  async reserve(hold: NewHold): Promise<boolean> {
    const result = await this.pool.query(RESERVE, [hold.keyId, hold.amountMicroUsd, hold.id, hold.requestId, hold.atMs]);
    return result.rowCount === 1;
  }

  async credit(keyId: string, amountMicroUsd: number, note: string | null, atMs: number): Promise<CreditResult> {
    const result = await this.pool.query(CREDIT, [keyId, amountMicroUsd, note, atMs]);
    if (result.rowCount === 1) return { ok: true, balanceMicroUsd: Number(result.rows[0].balance_after_micro_usd) };
    const current = await this.pool.query('SELECT balance_micro_usd FROM api_keys WHERE id = $1', [keyId]);
    return { ok: false, balanceMicroUsd: toNumber(current.rows[0]?.balance_micro_usd) };
  }

  async writeBatch(batch: WriteBatch): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const s of byKey(batch.settlements)) {
        await client.query(SETTLE, [s.holdId, s.chargeMicroUsd, s.keyId, s.requestId, batch.atMs, s.note ?? null]);
      }
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
