import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  /** Requests forwarded to each backend, by backend URL. */
  served: Map<string, number>;
  close(): Promise<void>;
}

/**
 * The load balancer of deploy/haproxy.cfg in miniature, for demos without
 * Docker: round-robin over the backends, bodies (and SSE) streamed through.
 */
export async function startRoundRobinProxy(backends: string[]): Promise<RoundRobinProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const served = new Map(backends.map((backend) => [backend, 0]));
  let next = 0;
  const server: Server = createServer((req, res) => {
    const backend = backends[next++ % backends.length];
    served.set(backend, (served.get(backend) ?? 0) + 1);
    const target = new URL(req.url ?? '/', backend);
    const upstream = request(target, { method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `backend ${backend} failed`, code: 'upstream_error' } }));
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
