import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { AuthenticatedRequest } from '../keys/auth.guard.js';
import { InFlightRequests } from '../lifecycle/in-flight-requests.js';
import type { Principal } from '../keys/principal.js';
import type { TextOperation } from '../providers/provider.types.js';
import { GatewayService, type GatewayRequest } from '../routing/gateway.service.js';
import { servedHeaders } from './served-headers.js';
import { writeSse } from './sse-writer.js';

export interface ProxyOptions {
  pinnedProvider?: string;
  modelSuffix?: string;
}

/** Shared by the OpenAI-compatible controllers: runs the gateway and writes JSON or SSE. */
@Injectable()
export class ProxyResponder {
  constructor(
    private readonly gateway: GatewayService,
    private readonly inFlight: InFlightRequests,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(
    operation: TextOperation,
    body: Record<string, unknown>,
    request: FastifyRequest,
    reply: FastifyReply,
    options: ProxyOptions = {},
  ): Promise<unknown> {
    const abort = new AbortController();
    // A client that goes away cancels the upstream request (contract §5).
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort(new Error('client disconnected'));
    });
    // A shutdown whose deadline passes ends the request through the same signal.
    const done = this.inFlight.register((reason) => abort.abort(reason));
    const principal = (request as FastifyRequest & AuthenticatedRequest).principal as Principal;
    const gatewayRequest: GatewayRequest = { operation, body, principal, requestId: request.id, signal: abort.signal, ...options };
    try {
      if (body.stream === true && operation !== 'embeddings') {
        const result = await this.gateway.stream(gatewayRequest);
        reply.hijack();
        const includeUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
        await writeSse(reply.raw, result.items, {
          includeUsage,
          heartbeatMs: this.config.sseHeartbeatMs,
          headers: { 'x-request-id': request.id, ...servedHeaders(result.ctx) },
        });
        return undefined;
      }
      const result = await this.gateway.complete(gatewayRequest);
      void reply.headers(servedHeaders(result.ctx));
      if (result.ctx.costMicroUsd !== undefined) void reply.header('x-switchyard-cost-usd', (result.ctx.costMicroUsd / 1e6).toFixed(6));
      return result.json;
    } finally {
      done();
    }
  }
}
