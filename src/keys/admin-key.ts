import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mintKey } from './key-material.js';

export interface AdminKeySource {
  key: string;
  /** Where a generated key was stored; undefined when it came from SWITCHYARD_ADMIN_KEY. */
  file?: string;
  generated: boolean;
}

/**
 * Contract §3: SWITCHYARD_ADMIN_KEY, or outside production a key generated at
 * first start and kept in `<data dir>/admin.key` with mode 0600.
 */
export function resolveAdminKey(configured: string | undefined, dataDir: string): AdminKeySource {
  if (configured) return { key: configured, generated: false };
  const file = resolve(join(dataDir, 'admin.key'));
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), file, generated: false };
  mkdirSync(dataDir, { recursive: true });
  const key = mintKey().replace('sy_live_', 'sy_admin_');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, file, generated: true };
}
