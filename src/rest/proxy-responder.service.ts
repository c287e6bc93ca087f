import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { AuthenticatedRequest } from '../keys/auth.guard.js';
import { InFlightRequests } from '../lifecycle/in-flight-requests.js';
import type { Principal } from '../keys/principal.js';
import type { TextOperation } from '../providers/provider.types.js';
import { ClientAbort } from '../routing/client-signal.js';
import { describeProgress, type GatewayProgress } from '../routing/gateway-progress.js';
import { GatewayService, type GatewayRequest } from '../routing/gateway.service.js';
import { toWireUsage } from '../routing/token-usage.js';
import { servedHeaders } from './served-headers.js';
import { SseResponse } from './sse-writer.js';

export interface ProxyOptions {
  pinnedProvider?: string;
  modelSuffix?: string;
}

/** Per-request deadline header: milliseconds the client is willing to wait for an answer. */
const TIMEOUT_HEADER = 'x-switchyard-timeout-ms';

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
    const abort = new ClientAbort();
    // A client that goes away cancels the upstream request (contract §5).
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort(new Error('client disconnected'));
    });
    // A shutdown whose deadline passes ends the request through the same signal.
    const done = this.inFlight.register((reason) => abort.abort(reason));
    const principal = (request as FastifyRequest & AuthenticatedRequest).principal as Principal;
    const gatewayRequest: GatewayRequest = {
      operation,
      body,
      principal,
      requestId: request.id,
      signal: abort,
      timeoutMs: timeoutHeader(request),
      ...options,
    };
    try {
      if (body.stream === true && operation !== 'embeddings') return await this.stream(gatewayRequest, request, reply);
      const result = await this.gateway.complete(gatewayRequest);
      // Upstreams that report no usage (task APIs, some local servers) get the gateway's own count, as streams do.
      if (result.json.usage == null && result.ctx.usage) result.json.usage = toWireUsage(result.ctx.usage);
      void reply.headers(servedHeaders(result.ctx));
      if (result.ctx.costMicroUsd !== undefined) void reply.header('x-switchyard-cost-usd', (result.ctx.costMicroUsd / 1e6).toFixed(6));
      return result.json;
    } finally {
      done();
    }
  }

  /**
   * While the gateway waits for a cold model (or a long retry) the SSE response
   * opens early and says so in comments, so the client does not time out; a
   * failure after that arrives as an error event instead of an HTTP status.
   */
  private async stream(gatewayRequest: GatewayRequest, request: FastifyRequest, reply: FastifyReply): Promise<undefined> {
    const sse = new SseResponse(reply.raw, this.config.sseHeartbeatMs);
    gatewayRequest.onProgress = (event: GatewayProgress): void => {
      if (!sse.opened) {
        takeOver(reply);
        sse.open({
          'x-request-id': request.id,
          'x-switchyard-provider': event.provider,
          'x-switchyard-model': event.model.replace(/[^\x20-\x7e]/g, '?'),
        });
      }
      sse.comment(describeProgress(event));
    };
    let result;
    try {
      result = await this.gateway.stream(gatewayRequest);
    } catch (error) {
      if (!sse.opened || !(error instanceof GatewayError)) throw error;
      await sse.fail(error);
      return undefined;
    }
    if (sse.opened) {
      const { ctx } = result;
      sse.comment(`answering from ${ctx.provider}/${ctx.model} after ${servedHeaders(ctx)['x-switchyard-attempts']} attempts`);
    } else {
      takeOver(reply);
      sse.open({ 'x-request-id': request.id, ...servedHeaders(result.ctx) }, false);
    }
    const includeUsage = (gatewayRequest.body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    await sse.pipe(result.items, includeUsage);
    return undefined;
  }
}

/**
 * Takes the response over from Fastify for an SSE stream. Nest still passes
 * the handler's result to reply.send() afterwards, and on a hijacked reply
 * Fastify answers that by building an FST_ERR_REP_ALREADY_SENT error, stack
 * trace included, only to log it: once per stream, about 1% of stream CPU.
 */
function takeOver(reply: FastifyReply): void {
  reply.hijack();
  reply.send = (): FastifyReply => reply;
}

/** The header as a number; anything unparsable becomes NaN, which the gateway rejects by name. */
function timeoutHeader(request: FastifyRequest): number | undefined {
  const raw = request.headers[TIMEOUT_HEADER];
  if (raw === undefined) return undefined;
  const text = Array.isArray(raw) ? raw[0] : raw;
  return /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
}
