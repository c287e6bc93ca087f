import type { AttemptRecord } from './attempt.js';
import { ERROR_TABLE, type ErrorCode } from './error-codes.js';

/** Every client-visible failure; REST and GraphQL render the same code. */
export class GatewayError extends Error {
  readonly status: number;
  readonly type: string;
  attempts?: AttemptRecord[];
  /** Seconds, sent as `Retry-After` when set. */
  retryAfterS?: number;
  /** Who refused: the gateway itself or the upstream provider. */
  source: 'gateway' | 'provider' = 'gateway';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.status = ERROR_TABLE[code].status;
    this.type = ERROR_TABLE[code].type;
  }
}

export class InvalidRequestError extends GatewayError {
  constructor(message: string, param: string | null = null) {
    super('invalid_request', message, param);
  }
}

export class InvalidApiKeyError extends GatewayError {
  constructor(message = 'Missing or unknown API key. Send "Authorization: Bearer <key>" with a key minted by POST /admin/keys.') {
    super('invalid_api_key', message);
  }
}

export class ForbiddenError extends GatewayError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

export class ModelNotFoundError extends GatewayError {
  constructor(model: string, detail = '') {
    super(
      'model_not_found',
      `Model "${model}" was not found.${detail ? ` ${detail}` : ''} Address models as "<provider>/<model-id>", ` +
        'pass "provider" with a bare model id, use a route alias from the config file, or a bare id listed by exactly one provider in GET /v1/models.',
      'model',
    );
  }
}

export class ProviderNotFoundError extends GatewayError {
  constructor(provider: string, known: string[]) {
    super('provider_not_found', `Provider "${provider}" is not registered. Known providers: ${known.join(', ')}.`, 'provider');
  }
}

export class NoProviderAvailableError extends GatewayError {
  constructor(message: string) {
    super('no_provider_available', message);
  }
}
