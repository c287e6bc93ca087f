import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/** The database file of a `sqlite:` URL, else undefined. */
export function sqliteFile(databaseUrl: string): string | undefined {
  return databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : undefined;
}

/** Pages in the WAL before a committing connection checkpoints itself; SqliteCheckpointer keeps it far below. */
const WAL_AUTOCHECKPOINT_PAGES = 20_000;

/** `sqlite:<path>` (embedded default) or `postgres://…`, with migrations, never synchronize. */
export function dataSourceOptions(databaseUrl: string, migrationsRun: boolean): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun, synchronize: false, logging: false } as const;
  const database = sqliteFile(databaseUrl);
  if (database !== undefined) {
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      // WAL lets readers proceed during a write; NORMAL sync is durable across process crashes.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      },
    };
  }
  return { ...common, type: 'postgres', url: databaseUrl, extra: { max: 20 } };
}
