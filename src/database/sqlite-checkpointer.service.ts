import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { sqliteFile } from './data-source-options.js';

const INTERVAL_MS = 500;
/** The thread starts once the write-ahead log reaches this size (SQLite's own threshold is 1000 pages, ~4 MiB). */
const START_AT_WAL_BYTES = 1024 * 1024;

/**
 * With the embedded SQLite database, WAL checkpoints run on a worker thread.
 * Left to SQLite, the connection that commits past 1000 WAL pages copies them
 * back and fsyncs on the event loop: measured at up to 40-58 ms inside a
 * request's credit reservation. The main connections keep a much higher
 * automatic threshold only as a safety net (data-source-options.ts).
 * The thread (about 16 MiB of RSS: its own V8 isolate) starts only when the log
 * grows, so a gateway that writes little never pays for it.
 */
@Injectable()
export class SqliteCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SqliteCheckpointer.name);
  private worker?: Worker;

  /** Polls the WAL's size until the thread is needed. */
  private watch?: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const file = sqliteFile(this.config.databaseUrl);
    if (!file || file === ':memory:') return;
    this.watch = setInterval(() => void this.startWhenLogGrows(file), INTERVAL_MS);
    this.watch.unref();
  }

  private async startWhenLogGrows(file: string): Promise<void> {
    const size = await stat(`${file}-wal`).then(
      (info) => info.size,
      () => 0,
    );
    if (size < START_AT_WAL_BYTES || !this.watch) return;
    clearInterval(this.watch);
    this.watch = undefined;
    const worker = new Worker(new URL('./sqlite-checkpoint.worker.js', import.meta.url), {
      workerData: { file, intervalMs: INTERVAL_MS },
    });
    worker.on('message', (message: { error?: string }) => {
      if (message.error) this.logger.warn(`SQLite checkpoint failed (retried in ${INTERVAL_MS} ms): ${message.error}`);
    });
    worker.on('error', (error) => this.logger.error(`SQLite checkpoint thread stopped: ${error.message}`));
    // The thread must not keep the process alive on its own.
    worker.unref();
    this.worker = worker;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.watch);
    this.watch = undefined;
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    worker.postMessage('stop');
    await Promise.race([once(worker, 'exit'), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    await worker.terminate();
  }
}
