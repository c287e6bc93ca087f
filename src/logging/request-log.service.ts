import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GatewayHooks } from '../routing/gateway-hooks.js';
import { redactSecrets } from '../upstream/redact.js';
import { PINO } from './pino.token.js';
import { requestLogLevel, requestLogRecord } from './request-log-record.js';

/**
 * Request logs: one structured line per gateway request (info), and with
 * LOG_LEVEL=debug one access line per HTTP response of any route.
 */
@Injectable()
export class RequestLogService implements OnModuleInit, OnApplicationBootstrap {
  private readonly log: Logger;

  constructor(
    @Inject(PINO) pino: Logger,
    private readonly hooks: GatewayHooks,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.log = pino.child({ context: 'Request' });
  }

  onModuleInit(): void {
    if (!this.log.isLevelEnabled('debug')) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, reply, done) => {
      const started = performance.now();
      reply.raw.once('close', () => {
        // The path only: a query string may carry anything, keys included.
        const path = redactSecrets(request.url.split('?')[0], this.config.secrets);
        const status = reply.raw.headersSent ? reply.raw.statusCode : 499;
        this.log.debug(
          { requestId: request.id, method: request.method, path, status, latencyMs: Math.round((performance.now() - started) * 100) / 100 },
          'http response',
        );
      });
      done();
    });
  }

  /** Registered after every module's init, so the line carries what other hooks settled (cost). */
  onApplicationBootstrap(): void {
    this.hooks.register({
      name: 'request-log',
      afterRequest: (ctx) => {
        // Building the line costs more than skipping it; at LOG_LEVEL=warn most requests log nothing.
        if (!this.log.isLevelEnabled(requestLogLevel(ctx))) return;
        const record = requestLogRecord(ctx, performance.now(), this.config.secrets);
        this.log[record.level](record.fields, record.msg);
      },
    });
  }
}
