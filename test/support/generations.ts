import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import type { TestGateway } from './gateway.js';

export interface GenerationJson {
  id: string;
  status: string;
  type: string;
  provider: string;
  model: string | null;
  progress: number;
  result: { outputs?: Array<{ url: string; contentType: string | null; bytes?: number }> } & Record<string, unknown>;
  error: { code: string; message: string } | null;
  costUsd: number | null;
}

/** The billing columns of a generation row, read straight from the gateway's database. */
export interface GenerationRow {
  status: string;
  reserved_micro_usd: number | null;
  cost_micro_usd: number | null;
  billed_at_ms: number | null;
  refunded_at_ms: number | null;
}

/** Polls GET /api/v2/generations/{id} until the generation finishes (or `timeoutMs` passes). */
export async function waitForFinish(gateway: TestGateway, id: string, key: string, timeoutMs = 10_000): Promise<GenerationJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await gateway.request(`/api/v2/generations/${id}`, { key });
    const body = (await res.json()) as GenerationJson;
    if (body.status === 'succeeded' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`generation ${id} still ${body.status} after ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** Resolves once `check` holds, polling every 20 ms; rejects with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export async function readGenerationRow(databaseUrl: string, id: string): Promise<GenerationRow> {
  const source = new DataSource(
    databaseUrl.startsWith('sqlite:')
      ? { type: 'better-sqlite3', database: databaseUrl.slice('sqlite:'.length), readonly: true }
      : { type: 'postgres', url: databaseUrl },
  );
  await source.initialize();
  try {
    const param = databaseUrl.startsWith('sqlite:') ? '?' : '$1';
    const rows = (await source.query(
      `SELECT status, reserved_micro_usd, cost_micro_usd, billed_at_ms, refunded_at_ms FROM generations WHERE id = ${param}`,
      [id],
    )) as Array<Record<string, string | number | null>>;
    const row = rows[0] ?? {};
    const num = (value: string | number | null | undefined): number | null =>
      value === null || value === undefined ? null : Number(value);
    return {
      status: String(row.status),
      reserved_micro_usd: num(row.reserved_micro_usd),
      cost_micro_usd: num(row.cost_micro_usd),
      billed_at_ms: num(row.billed_at_ms),
      refunded_at_ms: num(row.refunded_at_ms),
    };
  } finally {
    await source.destroy();
  }
}
