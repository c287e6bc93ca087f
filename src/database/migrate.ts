import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config.js';
import { dataSourceOptions } from './data-source-options.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL and reports each. */
async function main(): Promise<void> {
  const config = loadConfig();
  const source = new DataSource(dataSourceOptions(config.databaseUrl, false));
  await source.initialize();
  const applied = await source.runMigrations({ transaction: 'each' });
  console.log(
    applied.length ? `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}` : 'Database is up to date.',
  );
  await source.destroy();
}

main().catch((error: unknown) => {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exit(1);
});
