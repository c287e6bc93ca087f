/** Contract §6: every client-visible error code, its HTTP status and OpenAI `type`. */
export const ERROR_TABLE = {
  invalid_request: { status: 400, type: 'invalid_request_error' },
  context_length_exceeded: { status: 400, type: 'invalid_request_error' },
  content_policy_violation: { status: 400, type: 'invalid_request_error' },
  invalid_api_key: { status: 401, type: 'authentication_error' },
  insufficient_credits: { status: 402, type: 'insufficient_credits' },
  forbidden: { status: 403, type: 'permission_error' },
  model_not_found: { status: 404, type: 'invalid_request_error' },
  provider_not_found: { status: 404, type: 'invalid_request_error' },
  not_found: { status: 404, type: 'invalid_request_error' },
  payload_too_large: { status: 413, type: 'invalid_request_error' },
  rate_limited: { status: 429, type: 'rate_limit_error' },
  internal_error: { status: 500, type: 'server_error' },
  /** The operation exists in the API but the module that serves it is not part of this build. */
  upstream_error: { status: 502, type: 'upstream_error' },
  upstream_auth_failed: { status: 502, type: 'upstream_error' },
  no_provider_available: { status: 503, type: 'server_error' },
  upstream_timeout: { status: 504, type: 'upstream_error' },
} as const;

export type ErrorCode = keyof typeof ERROR_TABLE;
