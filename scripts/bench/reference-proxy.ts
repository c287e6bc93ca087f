import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';

/** Headers that describe one hop's connection, never forwarded by a proxy (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host']);

function endToEnd(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

/**
 * The bench's reference hop: a bare reverse proxy on node:http with an undici
 * keep-alive pool, as lean as a Node proxy gets. It parses nothing: the request
 * body goes up in one write, the answer comes back chunk by chunk. Measured in
 * the gateway's place, it shows what any Node proxy hop costs on the machine
 * the bench runs on, which the gateway's own figures include.
 */
export function createReferenceProxy(upstream: string): Server {
  const pool = new Pool(upstream, { connections: 256, pipelining: 1, keepAliveTimeout: 120_000 });
  const server = createServer({ keepAlive: true, keepAliveTimeout: 120_000 }, (req, res) => {
    const forward = async (): Promise<void> => {
      // The request body is small JSON: read whole, it leaves in the same write as the headers.
      const parts: Buffer[] = [];
      for await (const part of req) parts.push(part as Buffer);
      const answer = await pool.request({
        path: req.url ?? '/',
        method: req.method === 'POST' ? 'POST' : 'GET',
        headers: endToEnd(req.headers),
        body: parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : Buffer.concat(parts),
      });
      res.writeHead(answer.statusCode, endToEnd(answer.headers));
      await pipeline(answer.body, res);
    };
    forward().catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  return server;
}
