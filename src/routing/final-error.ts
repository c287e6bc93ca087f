import type { AttemptRecord } from '../errors/attempt.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { UpstreamFailure } from '../upstream/upstream-failure.js';

/** The client-facing error for the last failure after every allowed attempt. */
export function finalError(failure: UpstreamFailure, attempts: AttemptRecord[]): GatewayError {
  const tried = attempts.length === 1 ? 'The upstream attempt' : `All ${attempts.length} upstream attempts`;
  const last = `${failure.message}`.slice(0, 500);
  let error: GatewayError;
  switch (failure.kind) {
    case 'context_length':
      error = new GatewayError('context_length_exceeded', last, 'messages');
      break;
    case 'bad_request':
      error = new GatewayError('invalid_request', `The provider rejected the request: ${last}`);
      break;
    case 'content_policy':
      error = new GatewayError('content_policy_violation', `The provider refused the content: ${last}`);
      break;
    case 'not_found':
      error = new GatewayError('model_not_found', `The provider does not serve this model: ${last}`, 'model');
      break;
    case 'auth':
    case 'quota':
      error = new GatewayError(
        'upstream_auth_failed',
        `${tried} failed: the provider refused the gateway's API key (${last}). Check the provider key configured for ${failure.keyAlias ?? 'this provider'}.`,
      );
      break;
    case 'timeout':
      error = new GatewayError('upstream_timeout', `${tried} timed out: ${last}`);
      break;
    default:
      error = new GatewayError('upstream_error', `${tried} failed; last error: ${last}`);
  }
  error.source = 'provider';
  error.attempts = attempts;
  return error;
}
