import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createApp } from '../../src/create-app.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

export interface GatewayOptions {
  /** Extra environment, e.g. `TOGETHER_API_KEY` and `TOGETHER_BASE_URL` pointing at a fake upstream. */
  env?: Record<string, string>;
  /** YAML config text, written to a temp file and passed as SWITCHYARD_CONFIG. */
  yaml?: string;
  database?: 'sqlite' | 'postgres';
}

export interface TestGateway {
  url: string;
  app: NestFastifyApplication;
  config: AppConfig;
  adminKey: string;
  dataDir: string;
  /** `fetch` against the gateway with the admin key unless headers say otherwise. */
  request(path: string, init?: RequestInit & { json?: unknown; key?: string | null }): Promise<Response>;
  /** Mints a client key through the admin API and returns the secret. */
  mintKey(body?: Record<string, unknown>): Promise<{ key: string; id: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule on Fastify at 127.0.0.1, port 0, with its own data
 * directory and database; nothing else about the app changes for tests.
 */
export async function startGateway(options: GatewayOptions = {}): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const adminKey = `sy_admin_test_${randomBytes(12).toString('hex')}`;
  let database: TestDatabase | undefined;
  if (options.database === 'postgres') database = await createTestDatabase();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    SWITCHYARD_DATA_DIR: dataDir,
    DATABASE_URL: database?.url ?? `sqlite:${join(dataDir, 'switchyard.sqlite')}`,
    SWITCHYARD_ADMIN_KEY: adminKey,
    ...options.env,
  };
  if (options.yaml !== undefined) {
    const file = join(dataDir, 'switchyard.yaml');
    writeFileSync(file, options.yaml);
    env.SWITCHYARD_CONFIG = file;
  }
  const config = loadConfig(env, join(dataDir, 'no.env'));
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const request: TestGateway['request'] = (path, init = {}) => {
    const { json, key, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (key !== null) headers.set('authorization', `Bearer ${key ?? adminKey}`);
    if (json !== undefined) headers.set('content-type', 'application/json');
    return fetch(url + path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  };

  return {
    url,
    app,
    config,
    adminKey,
    dataDir,
    request,
    async mintKey(body = {}) {
      const res = await request('/admin/keys', { method: 'POST', json: { name: 'test', ...body } });
      const created = (await res.json()) as Record<string, unknown>;
      if (res.status !== 201) throw new Error(`minting a key failed: ${res.status} ${JSON.stringify(created)}`);
      return { key: created.key as string, id: created.id as string, body: created };
    },
    async close() {
      await app.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
