import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway } from '../support/gateway.js';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Contract §1: a bad value stops start-up with one line naming the variable or YAML path. */
describe('configuration validation at start-up', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-config-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `node dist/src/main.js` with a clean environment; a process still running after 15 s is a failure. */
  function run(env: Record<string, string>, yaml?: string): Promise<Outcome> {
    const fullEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      SWITCHYARD_DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
      SWITCHYARD_ADMIN_KEY: 'sy_admin_config_test_0123456789',
      ...env,
    };
    if (yaml !== undefined) {
      writeFileSync(join(dir, 'switchyard.yaml'), yaml);
      fullEnv.SWITCHYARD_CONFIG = join(dir, 'switchyard.yaml');
    }
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [MAIN], { cwd: dir, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  function expectOneClearLine(outcome: Outcome, ...mentions: string[]): void {
    expect(outcome.code).not.toBe(0);
    expect(outcome.code).not.toBeNull();
    expect(outcome.stdout).not.toContain('listening');
    const lines = outcome.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: /);
    for (const mention of mentions) expect(lines[0]).toContain(mention);
  }

  // Each case boots a process (about 2 s); the full matrix of values is in src/config/load-config.spec.ts.
  it.each<[string, Record<string, string>, string[]]>([
    ['PORT=abc', { PORT: 'abc' }, ['PORT', 'abc']],
    ['DATABASE_URL=mysql://x', { DATABASE_URL: 'mysql://x' }, ['DATABASE_URL', 'sqlite:', 'postgres://']],
    // Read when the registry binds the provider, after the app module is built.
    [
      'TOGETHER_BASE_URL without a scheme',
      { TOGETHER_BASE_URL: 'api.together.ai/v1', LOG_LEVEL: 'warn' },
      ['TOGETHER_BASE_URL', 'http(s) URL'],
    ],
  ])('env %s', async (_name, env, mentions) => {
    expectOneClearLine(await run(env), ...mentions);
  });

  it.each<[string, string, string[]]>([
    ['routes.x.strategy: bogus', 'routes:\n  x:\n    strategy: bogus\n    targets: [mock/echo]\n', ['routes.x.strategy', 'failover']],
    ['openai-compatible without baseUrl', 'providers:\n  vllm:\n    kind: openai-compatible\n', ['providers.vllm.baseUrl']],
    ['YAML that does not parse', 'routes:\n  x: [unclosed\n', ['not valid YAML']],
    // Found only when Nest discovers the providers, after the app module is built.
    [
      'a YAML provider claiming a built-in id',
      'providers:\n  openai:\n    kind: openai-compatible\n    baseUrl: http://127.0.0.1:1/v1\n',
      ['"openai"', 'unique'],
    ],
  ])('YAML %s', async (_name, yaml, mentions) => {
    expectOneClearLine(await run({ LOG_LEVEL: 'warn' }, yaml), ...mentions);
  });

  it('a valid configuration starts, with no warnings on stderr', async () => {
    const gateway = await startGateway({
      env: { LOG_LEVEL: 'warn' },
      yaml: 'routes:\n  fast:\n    strategy: failover\n    targets: [mock/echo]\n',
    });
    try {
      expect((await gateway.request('/v1/models')).status).toBe(200);
      expect(gateway.output()).not.toMatch(/warn/i);
    } finally {
      await gateway.close();
    }
  });
});
