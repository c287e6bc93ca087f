import { describe, expect, it } from '@jest/globals';
import type { AccountingStore, UsageRow, WriteBatch } from '../store/accounting-store.js';
import { rollupsFor } from './usage-row.js';
import { UsageWriter } from './usage-writer.js';

class RecordingStore implements AccountingStore {
  readonly batches: WriteBatch[] = [];
  failNext = 0;
  gate: Promise<void> | undefined;

  async writeBatch(batch: WriteBatch): Promise<void> {
    await this.gate;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('database unavailable');
    }
    this.batches.push(batch);
  }
  async reserve(): Promise<boolean> {
    return true;
  }
  async credit(): Promise<{ ok: true; balanceMicroUsd: number }> {
    return { ok: true, balanceMicroUsd: 0 };
  }
  async expiredHolds(): Promise<[]> {
    return [];
  }
  async close(): Promise<void> {}
  get rows(): UsageRow[] {
    return this.batches.flatMap((b) => b.usage);
  }
}

const row = (n: number, over: Partial<UsageRow> = {}): UsageRow => ({
  requestId: `r${n}`,
  createdAtMs: Date.UTC(2026, 0, 1, 12),
  keyId: 'k1',
  route: 'mock/echo',
  provider: 'mock',
  model: 'echo',
  operation: 'chat',
  status: 200,
  errorCode: null,
  promptTokens: 2,
  completionTokens: 3,
  costMicroUsd: 5,
  latencyMs: 1,
  ttftMs: null,
  attempts: 1,
  streamed: false,
  estimated: false,
  unpriced: false,
  byok: false,
  ...over,
});

const settings = { batchSize: 3, flushIntervalMs: 60_000, maxQueue: 5, shutdownAttempts: 3 };

describe('UsageWriter', () => {
  it('writes full batches at once and the rest on close, in order', async () => {
    const store = new RecordingStore();
    const writer = new UsageWriter(store, settings);
    for (let i = 0; i < 7; i++) writer.enqueue({ usage: row(i) });
    await writer.flush();
    await writer.close();
    expect(store.rows.map((r) => r.requestId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(store.batches.every((b) => b.usage.length <= 3)).toBe(true);
  });

  it('lets the event loop run between batches, so a long queue does not hold it', async () => {
    const order: string[] = [];
    const store = new RecordingStore();
    const write = store.writeBatch.bind(store);
    store.writeBatch = async (batch) => {
      order.push(`write ${batch.usage[0].requestId}`);
      await write(batch);
    };
    const writer = new UsageWriter(store, { ...settings, batchSize: 1, maxQueue: 100 });
    for (let i = 0; i < 3; i++) writer.enqueue({ usage: row(i) });
    setImmediate(() => order.push('event loop'));
    await writer.flush();
    // Without the yield all three batches would be written in one go, before anything else could run.
    expect(order).toEqual(['write r0', 'event loop', 'write r1', 'write r2']);
  });

  it('keeps a failed batch and writes it on the next attempt', async () => {
    const store = new RecordingStore();
    const writer = new UsageWriter(store, settings);
    store.failNext = 1;
    writer.enqueue({ usage: row(1), settlement: { keyId: 'k1', holdId: 'h1', chargeMicroUsd: 5, requestId: 'r1' } });
    await writer.flush();
    expect(writer.pending).toBe(1);
    await writer.close();
    expect(store.rows.map((r) => r.requestId)).toEqual(['r1']);
    expect(store.batches[0].settlements).toEqual([{ keyId: 'k1', holdId: 'h1', chargeMicroUsd: 5, requestId: 'r1' }]);
  });

  it('makes callers wait when the queue is full instead of dropping rows', async () => {
    const store = new RecordingStore();
    let open!: () => void;
    store.gate = new Promise((resolve) => (open = resolve));
    const writer = new UsageWriter(store, settings);
    const waits = Array.from({ length: 8 }, (_, i) => writer.enqueue({ usage: row(i) }));
    expect(waits.slice(0, 5).every((w) => w === undefined)).toBe(true);
    expect(waits.slice(5).every((w) => w instanceof Promise)).toBe(true);
    open();
    await Promise.all(waits);
    await writer.close();
    expect(store.rows).toHaveLength(8);
  });

  it('adds a batch up per day, key, provider and model', () => {
    const rollups = rollupsFor([row(1), row(2, { status: 502, costMicroUsd: null }), row(3, { keyId: null, model: 'lorem' })]);
    expect(rollups).toEqual([
      {
        day: '2026-01-01',
        keyId: 'k1',
        provider: 'mock',
        model: 'echo',
        requests: 2,
        errors: 1,
        promptTokens: 4,
        completionTokens: 6,
        costMicroUsd: 5,
      },
      {
        day: '2026-01-01',
        keyId: '',
        provider: 'mock',
        model: 'lorem',
        requests: 1,
        errors: 0,
        promptTokens: 2,
        completionTokens: 3,
        costMicroUsd: 5,
      },
    ]);
  });
});
