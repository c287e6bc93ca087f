import { createRequire } from 'node:module';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { AccountingStore } from './accounting-store.js';
import { PostgresAccountingStore, type PgPool } from './postgres-accounting.store.js';
import { SqliteAccountingStore, type SqliteDatabase } from './sqlite-accounting.store.js';

/** The store for the configured database; needs an initialized (migrated) DataSource. */
export function createAccountingStore(dataSource: DataSource): AccountingStore {
  const driver = dataSource.driver as unknown as { master?: PgPool; databaseConnection?: SqliteDatabase };
  if (dataSource.options.type === 'postgres') {
    // Required here, not imported: with SQLite the driver's code never loads (TypeORM loads it the same way).
    const { Pool } = createRequire(import.meta.url)('pg') as typeof pg;
    const reservations = new Pool({
      connectionString: (dataSource.options as { url?: string }).url,
      max: 10,
      options: '-c synchronous_commit=off',
    });
    return new PostgresAccountingStore(driver.master as PgPool, reservations as unknown as PgPool);
  }
  return new SqliteAccountingStore(driver.databaseConnection as SqliteDatabase);
}
