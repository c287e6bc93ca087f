import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.service.js';

interface Connection {
  pragma(sql: string): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(...args: unknown[]): unknown };
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => Connection;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('SqliteCheckpointer', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Writes six batches of ~800 KB with pauses, never checkpointing itself; returns the WAL file's size afterwards. */
  async function walSizeAfterWrites(checkpointer: SqliteCheckpointer | undefined, file: string): Promise<number> {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (v TEXT)');
    checkpointer?.onApplicationBootstrap();
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const row = 'x'.repeat(4000);
    try {
      for (let batch = 0; batch < 6; batch++) {
        db.exec('BEGIN');
        for (let i = 0; i < 200; i++) insert.run(row);
        db.exec('COMMIT');
        // The thread starts once the log passes 1 MiB; within two intervals it copies the log back, so the next batch reuses the file from its start.
        await sleep(1_100);
      }
      return statSync(`${file}-wal`).size;
    } finally {
      await checkpointer?.onApplicationShutdown();
      db.close();
    }
  }

  function tempFile(): string {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-checkpoint-'));
    dirs.push(dir);
    return join(dir, 'db.sqlite');
  }

  it('keeps the WAL from growing by checkpointing on its own thread', async () => {
    const unattended = await walSizeAfterWrites(undefined, tempFile());
    const file = tempFile();
    const attended = await walSizeAfterWrites(new SqliteCheckpointer({ databaseUrl: `sqlite:${file}` } as AppConfig), file);
    // Six batches pile up without checkpoints; with them the log stops at the two batches it took to start the thread.
    expect(unattended).toBeGreaterThan(4_500_000);
    expect(attended).toBeLessThan(unattended / 2);
  });

  it('does nothing for PostgreSQL or an in-memory database', async () => {
    for (const databaseUrl of ['postgres://127.0.0.1/test', 'sqlite::memory:']) {
      const checkpointer = new SqliteCheckpointer({ databaseUrl } as AppConfig);
      checkpointer.onApplicationBootstrap();
      await expect(checkpointer.onApplicationShutdown()).resolves.toBeUndefined();
    }
  });
});
