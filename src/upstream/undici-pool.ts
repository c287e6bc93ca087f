import { createRequire } from 'node:module';
import type { Dispatcher, Pool as UndiciPool } from 'undici';

/**
 * undici's index loads fetch, WebSocket, EventSource, the cache and mock
 * agents and more: 4.6 MiB of heap for the whole process, where the pool and
 * its request() are 1.4 MiB (measured after a compacting GC). The gateway only
 * needs those two, so it loads them by file. The paths are undici 7's
 * (package.json pins the major); every upstream end-to-end test goes through
 * them, so a moved file fails the build's tests, not production.
 */
const load = createRequire(import.meta.url);

export const Pool = load('undici/lib/dispatcher/pool.js') as typeof UndiciPool;
export type Pool = UndiciPool;

const requestOnDispatcher = load('undici/lib/api/api-request.js') as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

/** undici's `pool.request()`, which its index adds to every dispatcher's prototype. */
export function poolRequest(pool: Pool, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestOnDispatcher.call(pool, options);
}
