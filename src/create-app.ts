import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { RestExceptionFilter } from './errors/rest-exception.filter.js';
import { createValidationPipe } from './errors/validation.pipe.js';
import { AppLogger } from './logging/app-logger.service.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A client's own x-request-id is kept when it is sane, otherwise a fresh UUID. */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Builds the whole application (used by main.ts and by the end-to-end tests). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: requestId,
    keepAliveTimeout: 65_000,
  });
  // Start-up lines wait for the pino logger (LOG_LEVEL applies there); after the
  // shutdown drain, sockets still open are destroyed so the process can exit.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    forceCloseConnections: true,
  });
  app.useLogger(app.get(AppLogger));
  // POST /v1/files streams its file part; the size limit applies per file, not to the JSON body limit.
  await app.register(multipart, { limits: { fileSize: config.media.fileUploadLimitBytes, files: 1, fields: 20, fieldSize: 64 * 1024 } });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  app.useGlobalPipes(createValidationPipe());
  // Nest installs Fastify's error handler itself and hands body-parser failures (bad JSON, too large) to this filter too.
  app.useGlobalFilters(new RestExceptionFilter(config.bodyLimitBytes));
  // Built on the first /docs request and kept: scanning every route and DTO costs start-up time and memory most processes never need.
  const document = (): OpenAPIObject =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Switchyard')
        .setDescription('AI provider gateway: OpenAI-compatible API, provider routes, admin API')
        .addBearerAuth()
        .build(),
    );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // SIGTERM/SIGINT drain in-flight work (GracefulShutdownService) and exit 0 once everything closed.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
}
