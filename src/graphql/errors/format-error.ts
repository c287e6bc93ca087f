import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ERROR_TABLE } from '../../errors/error-codes.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { toGatewayError } from '../../errors/to-gateway-error.js';
import { INTROSPECTION_DISABLED, INTROSPECTION_DISABLED_MESSAGE } from '../limits/no-introspection.rule.js';
import { graphqlParam } from '../mappers/chat-body.js';
import { attemptViews } from '../mappers/views.js';

/** GraphQL-level failures (Apollo's codes) as contract codes. */
const FRAMEWORK_CODES: Record<string, keyof typeof ERROR_TABLE> = {
  GRAPHQL_PARSE_FAILED: 'invalid_request',
  GRAPHQL_VALIDATION_FAILED: 'invalid_request',
  BAD_USER_INPUT: 'invalid_request',
  BAD_REQUEST: 'invalid_request',
  OPERATION_RESOLUTION_FAILURE: 'invalid_request',
  PERSISTED_QUERY_NOT_FOUND: 'invalid_request',
  PERSISTED_QUERY_NOT_SUPPORTED: 'invalid_request',
};

export interface FormatOptions {
  /** Development keeps stack traces in `extensions.stacktrace`; nowhere else. */
  development: boolean;
  bodyLimitBytes: number;
  /** Called with the hidden cause of an internal error, to log it once at the edge. */
  onInternal(error: unknown): void;
}

/** The error a resolver threw, under graphql-js's located wrapper. */
function original(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

function isContractCode(code: unknown): code is keyof typeof ERROR_TABLE {
  return typeof code === 'string' && Object.hasOwn(ERROR_TABLE, code);
}

function gatewayExtensions(error: GatewayError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: error.code, status: error.status, source: error.source };
  const param = graphqlParam(error.param);
  if (param !== null) extensions.param = param;
  if (error.retryAfterS !== undefined) extensions.retryAfter = Math.ceil(error.retryAfterS);
  if (error.attempts?.length) extensions.attempts = attemptViews(error.attempts);
  return extensions;
}

/**
 * Every GraphQL error as the contract sees it (§6, §7): `extensions.code` is a
 * contract code, gateway errors keep their param, attempts and retry hint, and
 * internal failures say nothing about internals. Used by Apollo (HTTP) and graphql-ws.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown, options: FormatOptions): GraphQLFormattedError {
  const cause = original(error);
  const stacktrace = options.development ? formatted.extensions?.stacktrace : undefined;
  let message = formatted.message;
  let extensions: Record<string, unknown>;
  if (cause instanceof GatewayError) {
    message = cause.message;
    extensions = gatewayExtensions(cause);
  } else if (cause instanceof GraphQLError && formatted.extensions?.validationErrorCode === INTROSPECTION_DISABLED) {
    message = INTROSPECTION_DISABLED_MESSAGE;
    extensions = { code: 'forbidden', status: ERROR_TABLE.forbidden.status };
  } else if (cause instanceof GraphQLError) {
    const code = formatted.extensions?.code;
    const mapped = isContractCode(code) ? code : FRAMEWORK_CODES[String(code)];
    if (mapped) extensions = { code: mapped, status: ERROR_TABLE[mapped].status };
    else if (code === undefined && !cause.path) extensions = { code: 'invalid_request', status: 400 };
    else {
      options.onInternal(cause);
      const hidden = toGatewayError(cause, options.bodyLimitBytes);
      message = hidden.message;
      extensions = { code: hidden.code, status: hidden.status };
    }
  } else {
    const mapped = toGatewayError(cause, options.bodyLimitBytes);
    if (mapped.code === 'internal_error') options.onInternal(cause);
    message = mapped.message;
    extensions = gatewayExtensions(mapped);
  }
  if (stacktrace !== undefined) extensions.stacktrace = stacktrace;
  else if (options.development && cause instanceof Error && cause.stack) extensions.stacktrace = cause.stack.split('\n');
  return { message, locations: formatted.locations, path: formatted.path, extensions };
}
