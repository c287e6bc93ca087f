import { InvalidRequestError } from '../errors/gateway-error.js';
import type { ApiKeyEntity } from '../keys/api-key.entity.js';

export const toMicroUsd = (usd: number): number => Math.round(usd * 1_000_000);

/** USD from a request as exact micro-USD: whole micro-dollars only (six decimals), within the safe integer range. */
export function exactMicroUsd(usd: number, param: string, allowZero = false): number {
  const micro = toMicroUsd(usd);
  if (!Number.isSafeInteger(micro) || Math.abs(usd * 1_000_000 - micro) > 1e-6 || (!allowZero && micro === 0)) {
    throw new InvalidRequestError(`${param} must be ${allowZero ? 'a' : 'a non-zero'} USD amount with at most six decimals`, param);
  }
  return micro;
}
export const toUsd = (microUsd: number): number => microUsd / 1_000_000;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The admin key object of contract §3 (money as decimal USD at the edge). */
export function keyView(key: ApiKeyEntity): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    balanceUsd: key.balanceMicroUsd === null ? null : toUsd(key.balanceMicroUsd),
    allowedModels: key.allowedModels,
    allowedProviders: key.allowedProviders,
    rpm: key.rpm,
    tpm: key.tpm,
    ownerUser: key.ownerUser,
    ownerTeam: key.ownerTeam,
    ownerProject: key.ownerProject,
    // Which providers the key brings its own key for; the keys themselves are never shown.
    providerKeys: Object.keys(key.providerKeys ?? {}).sort(),
    expiresAt: iso(key.expiresAtMs),
    createdAt: iso(key.createdAtMs),
    revokedAt: iso(key.revokedAtMs),
  };
}
