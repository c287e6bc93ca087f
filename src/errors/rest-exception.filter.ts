import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redactSecrets } from '../upstream/redact.js';
import { errorBody } from '../rest/error-body.js';
import { toGatewayError } from './to-gateway-error.js';
import { attemptsDetail } from '../rest/served-headers.js';
import { upstreamAttemptCount } from './attempt.js';
import type { GatewayError } from './gateway-error.js';

/** Renders every REST failure in the contract §6 shape; never a stack trace. */
@Catch()
export class RestExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly bodyLimitBytes: number) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    // Global filters also see GraphQL resolvers' errors; those are GraphQL's to format (graphql/errors).
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    sendError(reply, request, exception, this.bodyLimitBytes, this.logger);
  }
}

function sendError(reply: FastifyReply, request: FastifyRequest, exception: unknown, bodyLimitBytes: number, logger: Logger): void {
  const error = toGatewayError(exception, bodyLimitBytes);
  if (error.code === 'internal_error') {
    logger.error(`${request.id} ${request.method} ${request.url}: ${redactSecrets((exception as Error)?.stack ?? String(exception))}`);
  }
  if (reply.sent || reply.raw.headersSent) {
    if (!reply.raw.writableEnded) reply.raw.end();
    return;
  }
  void reply.status(error.status).headers(errorHeaders(error, request.id)).send(errorBody(error));
}

function errorHeaders(error: GatewayError, requestId: string): Record<string, string> {
  const headers: Record<string, string> = { 'x-request-id': requestId };
  if (error.retryAfterS !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfterS));
  if (error.attempts) {
    headers['x-switchyard-attempts'] = String(upstreamAttemptCount(error.attempts));
    headers['x-switchyard-attempts-detail'] = attemptsDetail(error.attempts);
  }
  return headers;
}
