import type { GatewayError } from '../errors/gateway-error.js';

/** Contract §6: the OpenAI error shape, plus `attempts` when upstream calls were made. */
export function errorBody(error: GatewayError): { error: Record<string, unknown> } {
  const body: Record<string, unknown> = { message: error.message, type: error.type, code: error.code, param: error.param };
  if (error.attempts?.length) {
    body.attempts = error.attempts.map((a) => ({
      provider: a.provider,
      model: a.model,
      keyAlias: a.keyAlias ?? null,
      status: a.status,
      code: a.code,
      latencyMs: a.latencyMs,
      outcome: a.outcome,
      action: a.action ?? null,
      reason: a.reason ?? null,
      ...(a.waitMs !== undefined && { waitMs: a.waitMs }),
      ...(a.skipped && { skipped: true }),
    }));
  }
  body.source = error.source;
  return { error: body };
}
