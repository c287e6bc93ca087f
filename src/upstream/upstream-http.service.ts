import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import type { TimeoutSettings } from '../config/app-config.js';
import { UpstreamFailure } from './upstream-failure.js';

export interface UpstreamRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** A Readable is streamed (file uploads), never buffered. */
  body?: string | Buffer | Readable;
  signal: AbortSignal;
  timeouts: TimeoutSettings;
}

const CONNECTIONS_PER_ORIGIN = 128;
const TOTAL_TIMEOUT = Object.assign(new Error('total timeout'), { code: 'UPSTREAM_TOTAL_TIMEOUT' });

/** One keep-alive undici pool per upstream origin, shared by every request to it. */
@Injectable()
export class UpstreamHttpService implements OnApplicationShutdown {
  private readonly pools = new Map<string, Pool>();

  /**
   * One upstream call. The total timeout is a plain timer cleared when the body
   * closes: AbortSignal.timeout would keep a timer alive for the full period
   * after every fast response, and AbortSignal.any retains its inputs on Node 20.
   */
  async request(req: UpstreamRequest): Promise<Dispatcher.ResponseData> {
    const controller = new AbortController();
    const forward = (): void => controller.abort(req.signal.reason);
    req.signal.addEventListener('abort', forward, { once: true });
    const timer = setTimeout(() => controller.abort(TOTAL_TIMEOUT), req.timeouts.totalMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      req.signal.removeEventListener('abort', forward);
    };
    if (req.signal.aborted) forward();
    try {
      const res = await this.pool(req.url.origin, req.timeouts.connectMs).request({
        path: req.url.pathname + req.url.search,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: controller.signal,
        headersTimeout: req.timeouts.firstByteMs,
        bodyTimeout: req.timeouts.idleMs,
      });
      res.body.once('close', cleanup);
      return res;
    } catch (error) {
      cleanup();
      throw toFailure(controller.signal.reason === TOTAL_TIMEOUT ? TOTAL_TIMEOUT : error, req.signal);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close().catch(() => undefined)));
    this.pools.clear();
  }

  private pool(origin: string, connectMs: number): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: CONNECTIONS_PER_ORIGIN,
        keepAliveTimeout: 30_000,
        connect: { timeout: connectMs },
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

/** Turns undici and abort errors into the failure taxonomy; a client abort is rethrown as is. */
export function toFailure(error: unknown, clientSignal: AbortSignal): unknown {
  if (clientSignal.aborted) return clientSignal.reason ?? error;
  if (error instanceof UpstreamFailure) return error;
  const code = (error as { code?: string }).code ?? '';
  const name = (error as { name?: string }).name ?? '';
  if (
    name === 'TimeoutError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return new UpstreamFailure('timeout', null, code || 'timeout', `Upstream timed out (${code || name}).`);
  }
  return new UpstreamFailure('network', null, code || 'network_error', `Upstream connection failed (${code || name || 'unknown'}).`);
}
