import type { AccountingStore, CreditResult, NewHold, OpenHold, Settlement, WriteBatch } from './accounting-store.js';
import { byKey, byRollupKey } from './accounting-store.js';
import { rollupValues, usageValues } from './row-values.js';

interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

type Transaction<A extends unknown[], R> = ((...args: A) => R) & { immediate(...args: A): R };

/** The part of better-sqlite3's Database this store uses. */
export interface SqliteDatabase {
  prepare(sql: string): Statement;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R>;
}

const INSERT_LEDGER = `INSERT INTO credit_ledger (key_id, kind, amount_micro_usd, balance_after_micro_usd, hold_id, request_id, note, created_at_ms)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_USAGE = `INSERT INTO usage_records (request_id, created_at_ms, key_id, route, provider, model, operation, status, error_code,
  prompt_tokens, completion_tokens, cost_micro_usd, latency_ms, ttft_ms, attempts, streamed, estimated, unpriced, byok)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const UPSERT_ROLLUP = `INSERT INTO usage_daily (day, key_id, provider, model, requests, errors, prompt_tokens, completion_tokens, cost_micro_usd)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (day, key_id, provider, model) DO UPDATE SET
    requests = usage_daily.requests + excluded.requests,
    errors = usage_daily.errors + excluded.errors,
    prompt_tokens = usage_daily.prompt_tokens + excluded.prompt_tokens,
    completion_tokens = usage_daily.completion_tokens + excluded.completion_tokens,
    cost_micro_usd = usage_daily.cost_micro_usd + excluded.cost_micro_usd`;

type BalanceRow = { balance_micro_usd: number | null } | undefined;

/**
 * better-sqlite3 is synchronous, so each transaction here runs start to end
 * without yielding to the event loop: nothing can interleave with it in this
 * process, and BEGIN IMMEDIATE serialises it against other processes.
 */
export class SqliteAccountingStore implements AccountingStore {
  private readonly reserveTx: Transaction<[NewHold], boolean>;
  private readonly creditTx: Transaction<[string, number, string | null, number], CreditResult>;
  private readonly batchTx: Transaction<[WriteBatch], void>;
  private readonly expired: Statement;

  constructor(db: SqliteDatabase) {
    const take = db.prepare(
      'UPDATE api_keys SET balance_micro_usd = balance_micro_usd - ? WHERE id = ? AND balance_micro_usd >= ? RETURNING balance_micro_usd',
    );
    const addHold = db.prepare('INSERT INTO credit_holds (id, key_id, amount_micro_usd, request_id, created_at_ms) VALUES (?, ?, ?, ?, ?)');
    const ledger = db.prepare(INSERT_LEDGER);
    const give = db.prepare(
      'UPDATE api_keys SET balance_micro_usd = balance_micro_usd + ? WHERE id = ? AND balance_micro_usd IS NOT NULL AND balance_micro_usd + ? >= 0 RETURNING balance_micro_usd',
    );
    const balance = db.prepare('SELECT balance_micro_usd FROM api_keys WHERE id = ?');
    const dropHold = db.prepare('DELETE FROM credit_holds WHERE id = ? RETURNING amount_micro_usd');
    const adjust = db.prepare('UPDATE api_keys SET balance_micro_usd = balance_micro_usd + ? WHERE id = ? RETURNING balance_micro_usd');
    const usage = db.prepare(INSERT_USAGE);
    const rollup = db.prepare(UPSERT_ROLLUP);
    this.expired = db.prepare('SELECT id, key_id, request_id FROM credit_holds WHERE created_at_ms < ? ORDER BY created_at_ms LIMIT ?');

    this.reserveTx = db.transaction((hold: NewHold): boolean => {
      const row = take.get(hold.amountMicroUsd, hold.keyId, hold.amountMicroUsd) as BalanceRow;
      if (!row) return false;
      addHold.run(hold.id, hold.keyId, hold.amountMicroUsd, hold.requestId, hold.atMs);
      ledger.run(hold.keyId, 'hold', -hold.amountMicroUsd, row.balance_micro_usd, hold.id, hold.requestId, null, hold.atMs);
      return true;
    });

    this.creditTx = db.transaction((keyId: string, amount: number, note: string | null, atMs: number): CreditResult => {
      const row = give.get(amount, keyId, amount) as BalanceRow;
      if (!row || row.balance_micro_usd === null) {
        return { ok: false, balanceMicroUsd: (balance.get(keyId) as BalanceRow)?.balance_micro_usd ?? null };
      }
      ledger.run(keyId, 'credit', amount, row.balance_micro_usd, null, null, note, atMs);
      return { ok: true, balanceMicroUsd: row.balance_micro_usd };
    });

    const settle = (s: Settlement, atMs: number): void => {
      const held = s.holdId ? ((dropHold.get(s.holdId) as { amount_micro_usd: number } | undefined)?.amount_micro_usd ?? 0) : 0;
      if (held === 0 && s.chargeMicroUsd === 0) return;
      const after = (adjust.get(held - s.chargeMicroUsd, s.keyId) as BalanceRow)?.balance_micro_usd ?? null;
      if (held > 0) {
        ledger.run(s.keyId, 'release', held, after === null ? null : after + s.chargeMicroUsd, s.holdId, s.requestId, s.note ?? null, atMs);
      }
      if (s.chargeMicroUsd > 0) ledger.run(s.keyId, 'charge', -s.chargeMicroUsd, after, s.holdId, s.requestId, null, atMs);
    };

    this.batchTx = db.transaction((batch: WriteBatch): void => {
      for (const s of byKey(batch.settlements)) settle(s, batch.atMs);
      for (const row of batch.usage) usage.run(...usageValues(row, (value) => (value ? 1 : 0)));
      for (const r of byRollupKey(batch.rollups)) rollup.run(...rollupValues(r));
    });
  }

  async reserve(hold: NewHold): Promise<boolean> {
    return this.reserveTx.immediate(hold);
  }

  async credit(keyId: string, amountMicroUsd: number, note: string | null, atMs: number): Promise<CreditResult> {
    return this.creditTx.immediate(keyId, amountMicroUsd, note, atMs);
  }

  async writeBatch(batch: WriteBatch): Promise<void> {
    this.batchTx.immediate(batch);
  }

  async close(): Promise<void> {
    // The connection belongs to TypeORM.
  }

  async expiredHolds(createdBeforeMs: number, limit: number): Promise<OpenHold[]> {
    const rows = this.expired.all(createdBeforeMs, limit) as Array<{ id: string; key_id: string; request_id: string }>;
    return rows.map((row) => ({ id: row.id, keyId: row.key_id, requestId: row.request_id }));
  }
}
