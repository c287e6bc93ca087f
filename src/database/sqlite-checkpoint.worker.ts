import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

/** The part of better-sqlite3 used here (the package ships no types). */
interface Connection {
  pragma(sql: string): unknown;
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string, options: { fileMustExist: boolean }) => Connection;

/**
 * Runs in its own thread with its own connection: copies the write-ahead log
 * back into the database file (and fsyncs) without blocking the gateway's
 * event loop. PASSIVE never waits for readers or writers; what it cannot copy
 * now it copies next time.
 */
const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort?.postMessage({ error: (error as Error).message });
  }
}, intervalMs);
parentPort?.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
