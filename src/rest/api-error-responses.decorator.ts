import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        message: { type: 'string' },
        type: { type: 'string' },
        code: { type: 'string' },
        param: { type: 'string', nullable: true },
        source: { type: 'string', enum: ['gateway', 'provider'] },
        attempts: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              provider: { type: 'string' },
              model: { type: 'string' },
              keyAlias: { type: 'string', nullable: true },
              status: { type: 'integer', nullable: true },
              code: { type: 'string', nullable: true },
              latencyMs: { type: 'number' },
              outcome: { type: 'string' },
              action: { type: 'string', nullable: true, enum: ['retry', 'failover', 'context_fallback', 'stop', null] },
              reason: { type: 'string', nullable: true },
              waitMs: { type: 'number' },
              skipped: { type: 'boolean' },
            },
          },
        },
      },
    },
  },
};

/** Documents contract §6 error responses on a controller or route. */
export function ApiErrorResponses(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ...[400, 401, 402, 403, 404, 413, 429, 502, 503, 504].map((status) =>
      ApiResponse({ status, description: 'OpenAI-shaped error (contract §6)', schema: ERROR_SCHEMA }),
    ),
  );
}
