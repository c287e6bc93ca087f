import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

export interface EncryptionKeySource {
  key: Buffer;
  /** Where a generated key is kept; undefined when it came from SWITCHYARD_ENCRYPTION_KEY. */
  file?: string;
  generated: boolean;
}

/** 32 bytes from 64 hex characters or 44 base64 characters (validated in config). */
export function decodeKey(text: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
}

/**
 * SWITCHYARD_ENCRYPTION_KEY, or outside production a key generated once into
 * `<data dir>/encryption.key` (mode 0600), like the admin key. In production
 * without the variable there is no key and provider keys cannot be stored.
 */
export function resolveEncryptionKey(
  configured: string | undefined,
  dataDir: string,
  isProduction: boolean,
): EncryptionKeySource | undefined {
  if (configured) return { key: decodeKey(configured), generated: false };
  if (isProduction) return undefined;
  const file = resolve(join(dataDir, 'encryption.key'));
  if (existsSync(file)) return { key: decodeKey(readFileSync(file, 'utf8').trim()), file, generated: false };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, file, generated: true };
}
