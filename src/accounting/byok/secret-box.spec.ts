import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEncryptionKey } from './encryption-key.js';
import { open, seal } from './secret-box.js';

describe('secret box', () => {
  const key = randomBytes(32);

  it('round-trips and never contains the plaintext', () => {
    const sealed = seal('tg-very-secret', key, 'k1:together');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(sealed).not.toContain('tg-very-secret');
    expect(seal('tg-very-secret', key, 'k1:together')).not.toBe(sealed);
    expect(open(sealed, key, 'k1:together')).toBe('tg-very-secret');
  });

  it('refuses another key, another place or a tampered value', () => {
    const sealed = seal('secret', key, 'k1:together');
    expect(() => open(sealed, randomBytes(32), 'k1:together')).toThrow();
    expect(() => open(sealed, key, 'k2:together')).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => open(`v1.${raw.toString('base64')}`, key, 'k1:together')).toThrow();
  });

  it('generates a key file once outside production, and none in production', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-enc-'));
    try {
      const first = resolveEncryptionKey(undefined, dir, false);
      expect(first?.generated).toBe(true);
      expect(statSync(first?.file as string).mode & 0o777).toBe(0o600);
      const second = resolveEncryptionKey(undefined, dir, false);
      expect(second?.generated).toBe(false);
      expect(second?.key.equals(first?.key as Buffer)).toBe(true);
      expect(resolveEncryptionKey(undefined, dir, true)).toBeUndefined();
      expect(resolveEncryptionKey('ab'.repeat(32), dir, true)?.key).toEqual(Buffer.alloc(32, 0xab));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
