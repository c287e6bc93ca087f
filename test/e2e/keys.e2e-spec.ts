import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startGateway, type TestGateway } from '../support/gateway.js';

type KeyObject = Record<string, unknown> & { id: string; name: string; prefix: string };

const CHAT = { model: 'mock/echo', messages: [{ role: 'user', content: 'hi' }] };

/** Reads the gateway's own database, to check what it really stores. */
async function storedRows(databaseUrl: string): Promise<Array<Record<string, unknown>>> {
  const source = databaseUrl.startsWith('sqlite:')
    ? new DataSource({ type: 'better-sqlite3', database: databaseUrl.slice('sqlite:'.length), readonly: true })
    : new DataSource({ type: 'postgres', url: databaseUrl });
  await source.initialize();
  try {
    return (await source.query('SELECT * FROM api_keys')) as Array<Record<string, unknown>>;
  } finally {
    await source.destroy();
  }
}

/** Contract §3 key store, on the embedded SQLite and on the machine's PostgreSQL. */
describe.each(['sqlite', 'postgres'] as const)('admin key store on %s', (database) => {
  let gateway: TestGateway;

  beforeAll(async () => {
    // A key with credits may only use priced models (accounting's default unknownPrice: deny).
    gateway = await startGateway({ database, yaml: 'prices:\n  mock/echo: { input: 1, output: 1 }\n' });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  const admin = async (
    path: string,
    init: Parameters<TestGateway['request']>[1] = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await gateway.request(path, init);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const chatWith = (key: string): Promise<Response> => gateway.request('/v1/chat/completions', { method: 'POST', key, json: CHAT });

  it('mints a key that is shown once, starts with sy_live_ and works at once', async () => {
    const res = await admin('/admin/keys', {
      method: 'POST',
      json: { name: 'team-search', creditsUsd: 2.5, allowedModels: ['mock/*'], rpm: 60 },
    });
    expect(res.status).toBe(201);
    const key = res.body.key as string;
    expect(key).toMatch(/^sy_live_[0-9A-Za-z]{32}$/);
    expect(res.body).toMatchObject({
      name: 'team-search',
      prefix: key.slice(0, 12),
      balanceUsd: 2.5,
      allowedModels: ['mock/*'],
      rpm: 60,
      revokedAt: null,
    });
    expect((await chatWith(key)).status).toBe(200);

    const again = await admin(`/admin/keys/${res.body.id as string}`);
    expect(again.status).toBe(200);
    expect(again.body).not.toHaveProperty('key');
    expect(JSON.stringify(again.body)).not.toContain(key);
  });

  it('stores only the hash of the key', async () => {
    const { key, id } = await gateway.mintKey({ name: 'hashed' });
    const rows = await storedRows(gateway.databaseUrl);
    const row = rows.find((r) => r.id === id);
    expect(row?.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('lists keys without key material', async () => {
    const minted = await gateway.mintKey({ name: 'listed' });
    const res = await admin('/admin/keys');
    expect(res.status).toBe(200);
    const data = res.body.data as KeyObject[];
    const entry = data.find((k) => k.id === minted.id);
    expect(entry).toMatchObject({ name: 'listed', prefix: minted.key.slice(0, 12), balanceUsd: null });
    for (const item of data) {
      expect(item).not.toHaveProperty('key');
      expect(item).not.toHaveProperty('keyHash');
    }
    expect(JSON.stringify(res.body)).not.toContain(minted.key);
  });

  it('gets one key by id, and 404s an unknown id', async () => {
    const minted = await gateway.mintKey({ name: 'one', expiresAt: '2099-01-01T00:00:00.000Z' });
    const res = await admin(`/admin/keys/${minted.id}`);
    expect(res.body).toMatchObject({ id: minted.id, name: 'one', balanceUsd: null, expiresAt: '2099-01-01T00:00:00.000Z' });
    const missing = await admin('/admin/keys/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('revokes a key: it stops working at once and leaves the list', async () => {
    const minted = await gateway.mintKey({ name: 'doomed' });
    expect((await chatWith(minted.key)).status).toBe(200);
    const revoked = await admin(`/admin/keys/${minted.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const refused = await chatWith(minted.key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
    const list = (await admin('/admin/keys')).body.data as KeyObject[];
    expect(list.some((k) => k.id === minted.id)).toBe(false);
  });

  it('refuses an expired key', async () => {
    const minted = await gateway.mintKey({ name: 'old', expiresAt: '2001-01-01T00:00:00Z' });
    const res = await chatWith(minted.key);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('expired');
  });

  it('keeps keys across a restart on the same database', async () => {
    const minted = await gateway.mintKey({ name: 'durable' });
    await gateway.stop();
    const second = await startGateway({ database, databaseUrl: gateway.databaseUrl });
    try {
      expect((await second.request('/v1/chat/completions', { method: 'POST', key: minted.key, json: CHAT })).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});

/** Contract §3: outside production, a missing SWITCHYARD_ADMIN_KEY is generated once and kept in the data directory. */
describe('generated admin key', () => {
  it('is stored with mode 0600, named in the log but never printed, and survives a restart', async () => {
    const first = await startGateway({ env: { SWITCHYARD_ADMIN_KEY: '', LOG_LEVEL: 'info' } });
    const file = join(first.dataDir, 'admin.key');
    try {
      const key = readFileSync(file, 'utf8').trim();
      expect(key.length).toBeGreaterThanOrEqual(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(first.output()).toContain(file);
      expect(first.output()).not.toContain(key);
      expect((await first.request('/admin/keys', { key })).status).toBe(200);
      expect((await first.request('/admin/keys', { key: first.adminKey })).status).toBe(401);

      await first.stop();
      const second = await startGateway({
        env: { SWITCHYARD_ADMIN_KEY: '', SWITCHYARD_DATA_DIR: first.dataDir },
        databaseUrl: first.databaseUrl,
      });
      try {
        expect((await second.request('/admin/keys', { key })).status).toBe(200);
        expect(readFileSync(file, 'utf8').trim()).toBe(key);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });
});
