import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './postgres.js';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const START_TIMEOUT_MS = 20_000;

/**
 * YAML `defaults` for suites about core behaviour (routing, transports, error
 * mapping), not resilience: one try per target, no circuit opening, no waiting
 * for a cold model, and a refused key re-checked at once. Such suites share one
 * gateway per file and script upstream failures; without this, retries would
 * consume other tests' scripts and the failures would carry over into later tests.
 */
export const SINGLE_TRY_DEFAULTS = [
  'defaults:',
  '  retry: { maxAttempts: 1 }',
  '  circuit: { failureThreshold: 1000 }',
  '  coldStart: { maxWaitMs: 0 }',
  '  keys: { recheckMs: 1 }',
  '',
].join('\n');

export interface GatewayOptions {
  /** Extra environment, e.g. `TOGETHER_API_KEY` and `TOGETHER_BASE_URL` pointing at a fake upstream. */
  env?: Record<string, string>;
  /** YAML config text, written to a temp file and passed as SWITCHYARD_CONFIG. */
  yaml?: string;
  database?: 'sqlite' | 'postgres';
  /** Reuse another gateway's database (a second instance); the creator drops it. */
  databaseUrl?: string;
}

export interface TestGateway {
  url: string;
  adminKey: string;
  dataDir: string;
  databaseUrl: string;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** `fetch` against the gateway with the admin key unless `key` says otherwise (`null`: no header). */
  request(path: string, init?: RequestInit & { json?: unknown; key?: string | null }): Promise<Response>;
  /** Mints a client key through the admin API and returns the secret. */
  mintKey(body?: Record<string, unknown>): Promise<{ key: string; id: string; body: Record<string, unknown> }>;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  close(): Promise<void>;
}

function waitForListening(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start in ${START_TIMEOUT_MS} ms:\n${output()}`)), START_TIMEOUT_MS);
    const onData = (): void => {
      const match = /Switchyard listening on (http:\/\/\S+)/.exec(output());
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before listening:\n${output()}`));
    });
  });
}

/**
 * Starts the real gateway (`node dist/src/main.js`) as its own process on
 * 127.0.0.1 with a free port, a private data directory and database. Tests
 * talk to it over HTTP like any client; nothing in the app changes for tests.
 */
export async function startGateway(options: GatewayOptions = {}): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const adminKey = `sy_admin_test_${randomBytes(12).toString('hex')}`;
  let database: TestDatabase | undefined;
  if (options.database === 'postgres' && !options.databaseUrl) database = await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? database?.url ?? `sqlite:${join(dataDir, 'switchyard.sqlite')}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    SWITCHYARD_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SWITCHYARD_ADMIN_KEY: adminKey,
    // Active probes would call fake upstreams' model lists unasked; suites that test probes turn them on.
    SWITCHYARD_HEALTH_PROBE_INTERVAL_MS: '0',
    ...options.env,
  };
  if (options.yaml !== undefined) {
    const file = join(dataDir, 'switchyard.yaml');
    writeFileSync(file, options.yaml);
    env.SWITCHYARD_CONFIG = file;
  }
  // cwd is the private data dir, so no .env or switchyard.yaml of the developer's leaks in.
  const child = spawn(process.execPath, ['--enable-source-maps', MAIN], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const output = (): string => log;
  let url: string;
  try {
    url = await waitForListening(child, output);
  } catch (error) {
    child.kill('SIGKILL');
    await database?.drop();
    throw error;
  }

  const request: TestGateway['request'] = (path, init = {}) => {
    const { json, key, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (key !== null) headers.set('authorization', `Bearer ${key ?? adminKey}`);
    if (json !== undefined) headers.set('content-type', 'application/json');
    return fetch(url + path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(killer);
    return code;
  };

  return {
    url,
    adminKey,
    dataDir,
    databaseUrl,
    process: child,
    output,
    request,
    async mintKey(body = {}) {
      const res = await request('/admin/keys', { method: 'POST', json: { name: 'test', ...body } });
      const created = (await res.json()) as Record<string, unknown>;
      if (res.status !== 201) throw new Error(`minting a key failed: ${res.status} ${JSON.stringify(created)}`);
      return { key: created.key as string, id: created.id as string, body: created };
    },
    stop,
    async close() {
      await stop('SIGTERM');
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
