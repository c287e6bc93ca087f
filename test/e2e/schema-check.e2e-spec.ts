import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/schema.js', import.meta.url));
const SCHEMA_FILE = fileURLToPath(new URL('../../../schema.gql', import.meta.url));

function run(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('npm run schema:check', () => {
  // Each run loads the whole resolver graph (seconds on a busy machine).
  const SLOW_MS = 60_000;

  it(
    'passes on the committed schema.gql',
    () => {
      const result = run('check');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
    SLOW_MS,
  );

  it(
    'fails, naming the first difference, when the file differs from the code',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'switchyard-schema-'));
      try {
        const stale = join(dir, 'schema.gql');
        writeFileSync(
          stale,
          readFileSync(SCHEMA_FILE, 'utf8').replace('  chat(input: ChatInput!): ChatCompletion!', '  chat(input: ChatInput!): String'),
        );
        const result = run('check', stale);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('is stale');
        expect(result.stderr).toContain('generated:   chat(input: ChatInput!): ChatCompletion!');
        expect(run('write', stale).status).toBe(0);
        expect(readFileSync(stale, 'utf8')).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    SLOW_MS,
  );
});
