import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { LocalCounter, LocalHistogram } from './local-metrics.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * Every HTTP response by route template, including the ones no gateway hook
 * sees (admin, health, a guard's refusal). Streams count when they end.
 */
export function registerHttpMetrics(registry: Registry, fastify: FastifyInstance): void {
  const requests = new LocalCounter(
    {
      name: 'switchyard_http_requests_total',
      help: 'HTTP responses by method, route template and status',
      labelNames: ['method', 'route', 'status'],
    },
    registry,
  );
  const duration = new LocalHistogram(
    {
      name: 'switchyard_http_request_duration_seconds',
      help: 'HTTP response time by method and route template',
      labelNames: ['method', 'route'],
      buckets: BUCKETS,
    },
    registry,
  );
  fastify.addHook('onRequest', (request, reply, done) => {
    const started = performance.now();
    // 'close' fires for JSON replies and for hijacked streams alike.
    reply.raw.once('close', () => {
      const route = request.routeOptions.url ?? 'unmatched';
      const status = String(reply.raw.headersSent ? reply.raw.statusCode : 499);
      requests.inc([request.method, route, status]);
      duration.observe([request.method, route], (performance.now() - started) / 1000);
    });
    done();
  });
}
