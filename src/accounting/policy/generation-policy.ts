import { ForbiddenError, InvalidApiKeyError, type GatewayError } from '../../errors/gateway-error.js';
import type { ApiKeyEntity } from '../../keys/api-key.entity.js';
import { globMatch } from './key-policy.js';

/**
 * Why a key may not start (or, after a restart, resume creating) a generation
 * job at `<provider>/<model>`; undefined when it may. A job outlives the request
 * that authenticated it, so revocation and expiry are checked again here.
 */
export function generationRefusal(key: ApiKeyEntity, provider: string, model: string, nowMs: number): GatewayError | undefined {
  if (key.revokedAtMs !== null) return new InvalidApiKeyError(`API key ${key.prefix}… was revoked.`);
  if (key.expiresAtMs !== null && key.expiresAtMs <= nowMs) {
    return new InvalidApiKeyError(`API key ${key.prefix}… expired; ask an admin for a new one.`);
  }
  if (key.allowedProviders && !key.allowedProviders.includes(provider)) {
    return new ForbiddenError(`This API key may not use provider "${provider}"; it is limited to ${key.allowedProviders.join(', ')}.`);
  }
  const target = `${provider}/${model}`;
  if (key.allowedModels && !key.allowedModels.some((pattern) => globMatch(pattern, target))) {
    return new ForbiddenError(`This API key may not use "${target}"; it is limited to models ${key.allowedModels.join(', ')}.`);
  }
  return undefined;
}
