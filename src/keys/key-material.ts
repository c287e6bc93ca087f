import { hash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const KEY_PREFIX = 'sy_live_';

/** 190 bits of randomness in base62, so the key is safe to hash with a fast hash. */
export function mintKey(): string {
  const bytes = randomBytes(32);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % 62];
  return KEY_PREFIX + out;
}

/** Runs on every authenticated request: the one-shot hash skips building a Hash object. */
export function hashKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** What lists show to recognise a key without revealing it. */
export function displayPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + 4);
}
