import { expect } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import type { TestGateway } from './gateway.js';

export interface LedgerEntry {
  id: number;
  kind: 'credit' | 'hold' | 'release' | 'charge';
  amountUsd: number;
  balanceAfterUsd: number | null;
  requestId: string | null;
  note: string | null;
}

export interface UsageRecord {
  id: number;
  requestId: string;
  keyId: string | null;
  route: string | null;
  provider: string | null;
  model: string | null;
  status: number;
  errorCode: string | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
  latencyMs: number;
  ttftMs: number | null;
  attempts: number;
  streamed: boolean;
  estimated: boolean;
  unpriced: boolean;
  byok: boolean;
}

export interface KeyView {
  id: string;
  balanceUsd: number | null;
  reservedUsd: number;
  providerKeys: string[];
  [field: string]: unknown;
}

/** Money crosses the API as decimal USD; compare it as integer micro-USD. */
export const micro = (usd: number | null): number | null => (usd === null ? null : Math.round(usd * 1e6));

export function chat(gateway: TestGateway, key: string, body: Record<string, unknown>, init: RequestInit = {}): Promise<Response> {
  return gateway.request('/v1/chat/completions', {
    method: 'POST',
    key,
    json: { messages: [{ role: 'user', content: 'hello' }], ...body },
    ...init,
  });
}

/** Re-runs `check` until it stops throwing (settlements and usage rows are written off the request path). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export async function getKey(gateway: TestGateway, id: string): Promise<KeyView> {
  const res = await gateway.request(`/admin/keys/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as KeyView;
}

export async function ledger(gateway: TestGateway, id: string): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let cursor: string | null = null;
  do {
    const res = await gateway.request(`/admin/keys/${id}/ledger?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    const page = (await res.json()) as { data: LedgerEntry[]; nextCursor: string | null };
    entries.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return entries.reverse();
}

export async function usage(gateway: TestGateway, query: string): Promise<UsageRecord[]> {
  const records: UsageRecord[] = [];
  let cursor: string | null = null;
  do {
    const res = await gateway.request(`/admin/usage?limit=1000&${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { data: UsageRecord[]; nextCursor: string | null };
    records.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return records;
}

/**
 * Waits until nothing is held, then checks the ledger invariant: the balance
 * equals the sum of the key's entries. Returns the settled key and its ledger.
 */
export async function settled(gateway: TestGateway, id: string): Promise<{ key: KeyView; entries: LedgerEntry[] }> {
  return eventually(async () => {
    const key = await getKey(gateway, id);
    expect(key.reservedUsd).toBe(0);
    const entries = await ledger(gateway, id);
    const sum = entries.reduce((total, entry) => total + (micro(entry.amountUsd) as number), 0);
    expect(sum).toBe(micro(key.balanceUsd));
    return { key, entries };
  });
}

export interface PlainResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A POST on its own connection (no keep-alive), so an idle pooled socket of
 * the test never holds a shutting-down gateway open.
 */
export function postOnce(gateway: TestGateway, path: string, key: string, json: unknown): Promise<PlainResponse> {
  const body = JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL(path, gateway.url),
      {
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
