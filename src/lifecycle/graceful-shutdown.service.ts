import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GatewayError } from '../errors/gateway-error.js';
import { errorBody } from '../rest/error-body.js';
import { InFlightRequests } from './in-flight-requests.js';

/** After the deadline, aborted streams get this long to write their final error event. */
const ABORT_GRACE_MS = 2_000;

/** The error in-flight work ends with when the shutdown deadline passes. */
export class ShuttingDownError extends GatewayError {
  constructor() {
    super('no_provider_available', 'This gateway instance is shutting down; retry the request and another instance will take it.');
  }
}

/**
 * SIGTERM/SIGINT: stop accepting (new connections refused, new requests on open
 * connections answered 503 with `Connection: close`), let in-flight requests
 * and streams finish until SWITCHYARD_SHUTDOWN_TIMEOUT_MS, then end what is
 * left cleanly. Nest then closes the server and runs onApplicationShutdown
 * (upstream pools, usage writers, database, Redis).
 */
@Injectable()
export class GracefulShutdownService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(GracefulShutdownService.name);
  private isDraining = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly inFlight: InFlightRequests,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get draining(): boolean {
    return this.isDraining;
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, reply, done) => {
      // Health checks and metrics still answer while draining, so load balancers see readiness drop.
      if (this.isDraining && !request.url.startsWith('/health/') && !request.url.startsWith('/metrics')) {
        const error = new ShuttingDownError();
        void reply.status(error.status).headers({ connection: 'close', 'retry-after': '1' }).send(errorBody(error));
        return;
      }
      this.inFlight.track(reply.raw);
      done();
    });
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.isDraining = true;
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    // No new connections; idle keep-alive ones close now, busy ones after their response.
    server.close();
    server.closeIdleConnections();
    const open = this.inFlight.count;
    const deadlineMs = this.config.shutdownTimeoutMs;
    this.logger.log(`Shutting down (${signal ?? 'close'}): waiting up to ${deadlineMs} ms for ${open} in-flight request(s)`);
    if (await this.inFlight.idle(deadlineMs)) {
      if (open > 0) this.logger.log('Every in-flight request finished');
    } else {
      const aborted = this.inFlight.abortAll(new ShuttingDownError());
      this.logger.warn(`Shutdown deadline passed: ended ${aborted} request(s) still running`);
      await this.inFlight.idle(ABORT_GRACE_MS);
    }
    // Connections that finished their last response during the drain are idle now.
    server.closeIdleConnections();
  }
}
