import { HttpException } from '@nestjs/common';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { finalError } from '../routing/final-error.js';
import { GatewayError, InvalidRequestError } from './gateway-error.js';

interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Any thrown value as a contract error; unknown failures become a 500 that hides internals. */
export function toGatewayError(exception: unknown, bodyLimitBytes: number): GatewayError {
  if (exception instanceof GatewayError) return exception;
  if (exception instanceof UpstreamFailure) return finalError(exception, []);
  // Nest wraps Fastify's body-parser errors in an HttpException whose cause keeps the FST_ERR_* code.
  const framework = (exception instanceof HttpException && exception.cause ? exception.cause : exception) as FrameworkError;
  const status = exception instanceof HttpException ? exception.getStatus() : framework.statusCode;
  if (status === 413 || framework.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new GatewayError(
      'payload_too_large',
      `Request body exceeds the limit of ${bodyLimitBytes} bytes; send less or raise SWITCHYARD_BODY_LIMIT_BYTES.`,
    );
  }
  if (
    framework.code?.startsWith('FST_ERR_CTP_INVALID_JSON') ||
    framework.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    exception instanceof SyntaxError
  ) {
    // Fastify reports a `__proto__` or `constructor.prototype` key (prototype poisoning) with the same code.
    return new InvalidRequestError('Request body is not valid JSON, or has a "__proto__" or "constructor.prototype" key.');
  }
  if (status === 415 || framework.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new InvalidRequestError('Content-Type must be application/json.');
  }
  if (status === 404) return new GatewayError('not_found', 'No such route. The API is described at /docs.');
  if (status === 405) return new InvalidRequestError('Method not allowed on this route. The API is described at /docs.');
  if (status !== undefined && status >= 400 && status < 500) {
    return new InvalidRequestError(framework.message ?? 'Bad request.');
  }
  return new GatewayError('internal_error', 'Internal gateway error; the request id in x-request-id identifies it in the logs.');
}
