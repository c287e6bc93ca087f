import { Logger } from '@nestjs/common';
import type { AccountingStore, Settlement, UsageRow } from '../store/accounting-store.js';
import { rollupsFor } from './usage-row.js';

export interface WriterItem {
  usage?: UsageRow;
  settlement?: Settlement;
}

export interface WriterSettings {
  /** Rows per transaction. */
  batchSize: number;
  /** How long a lone row may wait for company. */
  flushIntervalMs: number;
  /** Past this many waiting rows, callers wait for the database (backpressure) rather than rows being dropped. */
  maxQueue: number;
  /** Attempts per batch during shutdown before giving up (logged with the count lost). */
  shutdownAttempts: number;
}

/**
 * 100 rows per transaction: with SQLite a batch runs on the event loop (a
 * 330-row batch measured 1.3-2.5 ms, long enough to show in the p99 of the
 * requests that arrive meanwhile); batches yield to I/O between them.
 */
export const DEFAULT_WRITER_SETTINGS: WriterSettings = { batchSize: 100, flushIntervalMs: 200, maxQueue: 20_000, shutdownAttempts: 5 };

const MAX_BACKOFF_MS = 5_000;

/**
 * Usage rows and settlements leave the request's path here: they are queued
 * and written in batches, each batch one transaction (settlements, rows,
 * rollups). A failed batch stays at the head of the queue and is retried with
 * backoff; `close()` writes everything left.
 */
export class UsageWriter {
  private readonly logger = new Logger('UsageWriter');
  private readonly queue: WriterItem[] = [];
  private readonly waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly store: AccountingStore,
    private readonly settings: WriterSettings = DEFAULT_WRITER_SETTINGS,
    private readonly now: () => number = Date.now,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  /** Whether a settlement for this key is still queued (its unused reservation not yet released). */
  settling(keyId: string): boolean {
    return this.queue.some((item) => item.settlement?.keyId === keyId);
  }

  /** Returns a promise only when the queue is full: the caller then waits for room. */
  enqueue(item: WriterItem): Promise<void> | undefined {
    this.queue.push(item);
    if (this.queue.length >= this.settings.batchSize) void this.flush();
    else this.schedule(this.settings.flushIntervalMs);
    if (this.queue.length <= this.settings.maxQueue) return undefined;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Writes what is queued now (and what arrives meanwhile); a failure leaves the rest queued for a retry. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Nest calls this after the HTTP server has closed (requests finished) and before the database closes. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /** Stops the timer and writes everything, retrying a failing batch a few times. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.queue.length;
    for (let attempt = 1; this.queue.length > 0 && attempt <= this.settings.shutdownAttempts; attempt++) {
      await this.flush();
      if (this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
    if (this.queue.length > 0) this.logger.error(`${this.queue.length} usage records could not be written before shutdown`);
    else if (pending > 0) this.logger.log(`Wrote the ${pending} pending usage records before shutdown`);
    this.wake();
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.settings.batchSize);
      const usage = batch.flatMap((item) => (item.usage ? [item.usage] : []));
      try {
        await this.store.writeBatch({
          settlements: batch.flatMap((item) => (item.settlement ? [item.settlement] : [])),
          usage,
          rollups: rollupsFor(usage),
          atMs: this.now(),
        });
      } catch (error) {
        this.failures++;
        const backoff = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(this.failures, 6));
        this.logger.error(`Writing ${batch.length} usage records failed (attempt ${this.failures}): ${(error as Error).message}`);
        this.schedule(backoff);
        return;
      }
      // Items only ever join at the tail, so the batch is still the head of the queue.
      this.queue.splice(0, batch.length);
      this.failures = 0;
      this.wake();
      // Requests waiting on the event loop go before the next batch.
      if (this.queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private wake(): void {
    if (this.queue.length > this.settings.maxQueue && !this.closed) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
