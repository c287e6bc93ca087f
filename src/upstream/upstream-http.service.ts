import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { TimeoutSettings } from '../config/app-config.js';
import type { ClientSignal } from '../routing/client-signal.js';
import { TextResponseHandler, type TextResponse } from './text-response-handler.js';
import { Pool, poolRequest } from './undici-pool.js';
import { UpstreamFailure } from './upstream-failure.js';

export interface UpstreamRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** A Readable is streamed (file uploads), never buffered. */
  body?: string | Buffer | Readable;
  signal: ClientSignal;
  timeouts: TimeoutSettings;
}

const CONNECTIONS_PER_ORIGIN = 128;

/** One keep-alive undici pool per upstream origin, shared by every request to it. */
@Injectable()
export class UpstreamHttpService implements OnApplicationShutdown {
  private readonly pools = new Map<string, Pool>();

  /** One upstream call, bounded by the client's signal and the provider's total timeout. */
  async request(req: UpstreamRequest): Promise<Dispatcher.ResponseData> {
    const deadline = new Deadline(req.signal, req.timeouts.totalMs);
    try {
      const res = await poolRequest(this.pool(req.url.origin, req.timeouts.connectMs), {
        path: req.url.pathname + req.url.search,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: deadline.signal,
        headersTimeout: req.timeouts.firstByteMs,
        bodyTimeout: req.timeouts.idleMs,
      });
      // The total timeout covers the body too; it is disarmed once the body is read or destroyed.
      res.body.once('close', deadline.clear);
      return res;
    } catch (error) {
      deadline.clear();
      throw toFailure(error, req.signal);
    }
  }

  /** One upstream call whose whole body is wanted as text (JSON answers): no stream objects in between. */
  async requestText(req: UpstreamRequest & { body?: string }): Promise<TextResponse> {
    const pool = this.pool(req.url.origin, req.timeouts.connectMs);
    try {
      return await new Promise<TextResponse>((resolve, reject) => {
        const handler = new TextResponseHandler(req.signal, req.timeouts.totalMs, resolve, reject);
        pool.dispatch(
          {
            origin: req.url.origin,
            path: req.url.pathname + req.url.search,
            method: req.method,
            headers: req.headers,
            body: req.body,
            headersTimeout: req.timeouts.firstByteMs,
            bodyTimeout: req.timeouts.idleMs,
          },
          handler,
        );
      });
    } catch (error) {
      throw toFailure(error, req.signal);
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

/**
 * The client's signal plus the total timeout as one signal. A plain timer that
 * is cleared when the request is over: AbortSignal.any and AbortSignal.timeout
 * cost several percent of the gateway's CPU per request on Node 20.
 */
class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onClientAbort = (): void => this.controller.abort(this.client.reason);

  constructor(
    private readonly client: ClientSignal,
    totalMs: number,
  ) {
    this.timer = setTimeout(() => this.controller.abort(new DOMException('The upstream request timed out.', 'TimeoutError')), totalMs);
    this.timer.unref();
    if (client.aborted) this.onClientAbort();
    else client.addEventListener('abort', this.onClientAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  readonly clear = (): void => {
    clearTimeout(this.timer);
    this.client.removeEventListener('abort', this.onClientAbort);
  };
}

/** Turns undici and abort errors into the failure taxonomy; a client abort is rethrown as is. */
export function toFailure(error: unknown, clientSignal: ClientSignal): unknown {
  if (clientSignal.aborted) return clientSignal.reason ?? error;
  if (error instanceof UpstreamFailure) return error;
  // undici codes are strings; a DOMException's legacy numeric code (23 for a timeout) is not one of ours.
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : '';
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
