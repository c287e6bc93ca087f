import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TimeoutSettings } from '../config/app-config.js';
import { UpstreamFailure } from './upstream-failure.js';
import { UpstreamHttpService } from './upstream-http.service.js';

const timeouts = (totalMs: number): TimeoutSettings => ({ connectMs: 5_000, firstByteMs: 5_000, idleMs: 5_000, totalMs });

describe('UpstreamHttpService', () => {
  let server: Server;
  let origin: string;
  const http = new UpstreamHttpService();

  beforeAll(async () => {
    // /silent never answers; /trickle sends headers and one chunk, then stalls; /ok answers at once.
    server = createServer((req, res) => {
      if (req.url === '/ok') res.end('{"ok":true}');
      else if (req.url === '/trickle') res.writeHead(200).write('data: 1\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await http.onApplicationShutdown();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (path: string, totalMs: number, signal = new AbortController().signal) =>
    http.request({ url: new URL(origin + path), method: 'GET', headers: {}, signal, timeouts: timeouts(totalMs) });

  it('answers with the upstream response', async () => {
    const res = await get('/ok', 5_000);
    await expect(res.body.json()).resolves.toEqual({ ok: true });
  });

  it('turns the total timeout before any answer into a timeout failure', async () => {
    const error = await get('/silent', 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamFailure);
    expect(error).toMatchObject({ kind: 'timeout', code: 'timeout', message: 'Upstream timed out (TimeoutError).' });
  });

  it('keeps the total timeout running while the body is read', async () => {
    // Long enough for the headers on a busy machine; the body then stalls past it.
    const res = await get('/trickle', 1_000);
    const error = await res.body.text().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError' });
  });

  it('passes a client abort through as the client reason, not as an upstream failure', async () => {
    const client = new AbortController();
    const pending = get('/silent', 5_000, client.signal);
    const reason = new Error('client disconnected');
    client.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  describe('requestText (whole JSON answers)', () => {
    const text = (path: string, totalMs: number, signal = new AbortController().signal) =>
      http.requestText({ url: new URL(origin + path), method: 'GET', headers: {}, signal, timeouts: timeouts(totalMs) });

    it('answers with the status, headers and whole body', async () => {
      const res = await text('/ok', 5_000);
      expect(res).toMatchObject({ statusCode: 200, text: '{"ok":true}' });
      expect(res.headers['content-length']).toBe('11');
    });

    it('turns the total timeout before any answer into a timeout failure', async () => {
      const error = await text('/silent', 100).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamFailure);
      expect(error).toMatchObject({ kind: 'timeout', message: 'Upstream timed out (TimeoutError).' });
    });

    it('keeps the total timeout running while the body arrives', async () => {
      const error = await text('/trickle', 1_000).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'timeout', message: 'Upstream timed out (TimeoutError).' });
    });

    it('passes a client abort through as the client reason, before or during the call', async () => {
      const early = new AbortController();
      const before = new Error('gone before');
      early.abort(before);
      await expect(text('/ok', 5_000, early.signal)).rejects.toBe(before);
      const client = new AbortController();
      const pending = text('/silent', 5_000, client.signal);
      const reason = new Error('client disconnected');
      client.abort(reason);
      await expect(pending).rejects.toBe(reason);
    });
  });
});
