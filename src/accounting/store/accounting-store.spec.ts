import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres.js';
import { dataSourceOptions } from '../../database/data-source-options.js';
import type { AccountingStore, UsageRow } from './accounting-store.js';
import { createAccountingStore } from './create-accounting-store.js';

const usageRow = (keyId: string, over: Partial<UsageRow> = {}): UsageRow => ({
  requestId: randomUUID(),
  createdAtMs: Date.UTC(2026, 0, 2, 10),
  keyId,
  route: 'mock/echo',
  provider: 'mock',
  model: 'echo',
  operation: 'chat',
  status: 200,
  errorCode: null,
  promptTokens: 4,
  completionTokens: 3,
  costMicroUsd: 12,
  latencyMs: 5,
  ttftMs: null,
  attempts: 1,
  streamed: false,
  estimated: false,
  unpriced: false,
  byok: false,
  ...over,
});

describe.each(['sqlite', 'postgres'] as const)('accounting store on %s', (kind) => {
  let source: DataSource;
  let store: AccountingStore;
  let database: TestDatabase | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    let url: string;
    if (kind === 'postgres') {
      database = await createTestDatabase();
      url = database.url;
    } else {
      dir = mkdtempSync(join(tmpdir(), 'sy-store-'));
      url = `sqlite:${join(dir, 'db.sqlite')}`;
    }
    source = new DataSource(dataSourceOptions(url, true));
    await source.initialize();
    store = createAccountingStore(source);
  });

  afterAll(async () => {
    await store?.close();
    await source?.destroy();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function newKey(balance: number | null): Promise<string> {
    const id = randomUUID();
    await source.query(
      `INSERT INTO api_keys (id, name, prefix, key_hash, balance_micro_usd, created_at_ms) VALUES (${kind === 'postgres' ? '$1, $2, $3, $4, $5, $6' : '?, ?, ?, ?, ?, ?'})`,
      [id, 't', 'sy_live_x', randomUUID(), balance, Date.now()],
    );
    return id;
  }

  async function state(keyId: string): Promise<{ balance: number | null; ledgerSum: number; holds: number; entries: number }> {
    const p = kind === 'postgres' ? '$1' : '?';
    const [key] = (await source.query(`SELECT balance_micro_usd AS b FROM api_keys WHERE id = ${p}`, [keyId])) as Array<{ b: unknown }>;
    const [sum] = (await source.query(
      `SELECT COALESCE(SUM(amount_micro_usd), 0) AS s, COUNT(*) AS n FROM credit_ledger WHERE key_id = ${p}`,
      [keyId],
    )) as Array<{ s: unknown; n: unknown }>;
    const [holds] = (await source.query(`SELECT COUNT(*) AS n FROM credit_holds WHERE key_id = ${p}`, [keyId])) as Array<{ n: unknown }>;
    return {
      balance: key.b === null ? null : Number(key.b),
      ledgerSum: Number(sum.s),
      entries: Number(sum.n),
      holds: Number(holds.n),
    };
  }

  const hold = (keyId: string, amount: number) => ({
    id: randomUUID(),
    keyId,
    amountMicroUsd: amount,
    requestId: randomUUID(),
    atMs: Date.now(),
  });

  it('credits, and refuses a deduction below zero or on an unlimited key', async () => {
    const keyId = await newKey(0);
    expect(await store.credit(keyId, 500, 'opening', 1)).toEqual({ ok: true, balanceMicroUsd: 500 });
    expect(await store.credit(keyId, -600, null, 2)).toEqual({ ok: false, balanceMicroUsd: 500 });
    expect(await store.credit(keyId, -200, null, 3)).toEqual({ ok: true, balanceMicroUsd: 300 });
    const unlimited = await newKey(null);
    expect(await store.credit(unlimited, 100, null, 4)).toEqual({ ok: false, balanceMicroUsd: null });
    expect(await state(keyId)).toEqual({ balance: 300, ledgerSum: 300, holds: 0, entries: 2 });
  });

  it('lets exactly as many parallel reservations through as the balance covers', async () => {
    const keyId = await newKey(0);
    await store.credit(keyId, 1000, null, 1);
    const results = await Promise.all(Array.from({ length: 50 }, () => store.reserve(hold(keyId, 100))));
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(await state(keyId)).toEqual({ balance: 0, ledgerSum: 0, holds: 10, entries: 11 });
  });

  it('settles once: releases the hold, charges the cost, and a second settlement only charges', async () => {
    const keyId = await newKey(0);
    await store.credit(keyId, 1000, null, 1);
    const h = hold(keyId, 300);
    expect(await store.reserve(h)).toBe(true);
    await store.writeBatch({
      settlements: [{ keyId, holdId: h.id, chargeMicroUsd: 120, requestId: h.requestId }],
      usage: [],
      rollups: [],
      atMs: 2,
    });
    expect(await state(keyId)).toEqual({ balance: 880, ledgerSum: 880, holds: 0, entries: 4 });
    const ledger = (await source.query(
      `SELECT kind, amount_micro_usd AS a, balance_after_micro_usd AS b FROM credit_ledger WHERE key_id = ${kind === 'postgres' ? '$1' : '?'} ORDER BY id`,
      [keyId],
    )) as Array<{ kind: string; a: unknown; b: unknown }>;
    expect(ledger.map((e) => [e.kind, Number(e.a), Number(e.b)])).toEqual([
      ['credit', 1000, 1000],
      ['hold', -300, 700],
      ['release', 300, 1000],
      ['charge', -120, 880],
    ]);
    // The hold is gone (say the sweeper took it): a late settlement still charges, exactly once.
    await store.writeBatch({
      settlements: [{ keyId, holdId: h.id, chargeMicroUsd: 10, requestId: h.requestId }],
      usage: [],
      rollups: [],
      atMs: 3,
    });
    expect(await state(keyId)).toEqual({ balance: 870, ledgerSum: 870, holds: 0, entries: 5 });
  });

  it('settles a batch with several requests of one key entry by entry', async () => {
    const keyId = await newKey(0);
    await store.credit(keyId, 1000, null, 1);
    const first = hold(keyId, 300);
    const second = hold(keyId, 200);
    await store.reserve(first);
    await store.reserve(second);
    await store.writeBatch({
      settlements: [
        { keyId, holdId: first.id, chargeMicroUsd: 100, requestId: first.requestId },
        { keyId, holdId: second.id, chargeMicroUsd: 50, requestId: second.requestId },
        { keyId, holdId: first.id, chargeMicroUsd: 5, requestId: first.requestId },
      ],
      usage: [],
      rollups: [],
      atMs: 2,
    });
    const ledger = (await source.query(
      `SELECT kind, amount_micro_usd AS a, balance_after_micro_usd AS b FROM credit_ledger WHERE key_id = ${kind === 'postgres' ? '$1' : '?'} ORDER BY id`,
      [keyId],
    )) as Array<{ kind: string; a: unknown; b: unknown }>;
    expect(ledger.map((e) => [e.kind, Number(e.a), Number(e.b)])).toEqual([
      ['credit', 1000, 1000],
      ['hold', -300, 700],
      ['hold', -200, 500],
      ['release', 300, 800],
      ['charge', -100, 700],
      ['release', 200, 900],
      ['charge', -50, 850],
      ['charge', -5, 845],
    ]);
    expect(await state(keyId)).toEqual({ balance: 845, ledgerSum: 845, holds: 0, entries: 8 });
  });

  it('refunds a failed request in full', async () => {
    const keyId = await newKey(0);
    await store.credit(keyId, 1000, null, 1);
    const h = hold(keyId, 400);
    await store.reserve(h);
    await store.writeBatch({
      settlements: [{ keyId, holdId: h.id, chargeMicroUsd: 0, requestId: h.requestId }],
      usage: [],
      rollups: [],
      atMs: 2,
    });
    expect(await state(keyId)).toEqual({ balance: 1000, ledgerSum: 1000, holds: 0, entries: 3 });
  });

  it('writes usage rows and adds rollups up', async () => {
    const keyId = await newKey(null);
    const delta = {
      day: '2026-01-02',
      keyId,
      provider: 'mock',
      model: 'echo',
      requests: 2,
      errors: 1,
      promptTokens: 8,
      completionTokens: 6,
      costMicroUsd: 24,
    };
    const rows = [
      usageRow(keyId),
      usageRow(keyId, { status: 502, errorCode: 'upstream_error', streamed: true, ttftMs: 3, costMicroUsd: null, unpriced: true }),
    ];
    await store.writeBatch({ settlements: [], usage: rows, rollups: [delta], atMs: 1 });
    await store.writeBatch({ settlements: [], usage: [], rollups: [delta], atMs: 2 });
    const p = kind === 'postgres' ? '$1' : '?';
    const records = (await source.query(
      `SELECT status, streamed, unpriced, cost_micro_usd AS c FROM usage_records WHERE key_id = ${p} ORDER BY id`,
      [keyId],
    )) as Array<{ status: number; streamed: unknown; unpriced: unknown; c: unknown }>;
    expect(records.map((r) => [Number(r.status), Boolean(r.streamed), Boolean(r.unpriced), r.c === null ? null : Number(r.c)])).toEqual([
      [200, false, false, 12],
      [502, true, true, null],
    ]);
    const [daily] = (await source.query(`SELECT requests, errors, cost_micro_usd AS c FROM usage_daily WHERE key_id = ${p}`, [
      keyId,
    ])) as Array<Record<string, unknown>>;
    expect([Number(daily.requests), Number(daily.errors), Number(daily.c)]).toEqual([4, 2, 48]);
  });

  it('lists holds older than a cutoff', async () => {
    const keyId = await newKey(0);
    await store.credit(keyId, 100, null, 1);
    const old = { ...hold(keyId, 10), atMs: 1000 };
    await store.reserve(old);
    await store.reserve(hold(keyId, 10));
    const expired = await store.expiredHolds(2000, 100);
    expect(expired).toEqual([{ id: old.id, keyId, requestId: old.requestId }]);
  });
});
