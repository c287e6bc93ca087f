import { upstreamAttemptCount, type AttemptRecord } from '../errors/attempt.js';
import { GatewayError, InvalidRequestError, NoProviderAvailableError } from '../errors/gateway-error.js';
import type { UpstreamFailure } from '../upstream/upstream-failure.js';

/** The client-facing error for the last failure after every allowed attempt. */
export function finalError(failure: UpstreamFailure, attempts: AttemptRecord[]): GatewayError {
  // Skipped targets sent nothing; a failure outside a request's run (a model list) has no attempts at all.
  const sent = upstreamAttemptCount(attempts);
  const tried = sent <= 1 ? 'The upstream attempt' : `All ${sent} upstream attempts`;
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
    case 'cold_start':
      error = new NoProviderAvailableError(
        `The model is still loading upstream and no warm target could serve the request in time: ${last}`,
      );
      break;
    default:
      error = new GatewayError('upstream_error', `${tried} failed; last error: ${last}`);
  }
  const retryAfterMs = failure.hints.retryAfterMs ?? failure.hints.estimatedTimeMs;
  if (retryAfterMs !== undefined && error.status >= 500) error.retryAfterS = Math.max(1, Math.ceil(retryAfterMs / 1000));
  error.source = 'provider';
  error.attempts = attempts;
  return error;
}

/**
 * The error once every target was tried or skipped. The last failure an
 * upstream actually returned decides it; when no request reached an upstream
 * (circuits open, keys resting, queues full) the gateway itself refused: 503
 * with the earliest time one frees up.
 */
export function exhaustedError(route: string, failures: readonly UpstreamFailure[], attempts: AttemptRecord[]): GatewayError {
  const upstream = failures.filter((failure) => !failure.skipped);
  if (upstream.length > 0) return finalError(upstream[upstream.length - 1], attempts);
  if (failures.length > 0 && failures.every((failure) => failure.code === 'no_usable_key')) {
    return finalError(failures[failures.length - 1], attempts);
  }
  let error: GatewayError;
  if (failures.length > 0 && failures.every((failure) => failure.code === 'unsupported_operation')) {
    error = new InvalidRequestError(failures.map((failure) => failure.message).join(' '), 'model');
  } else {
    const reasons = [...new Set(failures.map((failure) => failure.message))].join(' ');
    error = new NoProviderAvailableError(`No target of "${route}" can take the request now. ${reasons}`.trim());
    const waits = failures.map((failure) => failure.hints.retryAfterMs).filter((ms): ms is number => ms !== undefined);
    if (waits.length > 0) error.retryAfterS = Math.max(1, Math.ceil(Math.min(...waits) / 1000));
  }
  error.attempts = attempts;
  return error;
}

/** The request's deadline passed before any target answered. */
export function deadlineError(timeoutMs: number, attempts: AttemptRecord[]): GatewayError {
  const error = new GatewayError(
    'upstream_timeout',
    `No upstream answered within the request deadline of ${timeoutMs} ms (x-switchyard-timeout-ms, or defaults.deadlineMs in the config file).`,
  );
  error.attempts = attempts;
  return error;
}
