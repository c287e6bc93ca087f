import type { AttemptRecord } from '../../errors/attempt.js';
import type { ApiKeyEntity } from '../../keys/api-key.entity.js';
import type { ModelInfo } from '../../providers/provider.types.js';
import type { TokenUsage } from '../../routing/token-usage.js';
import type { ApiKeyModel } from '../models/api-key.model.js';
import type { AttemptModel } from '../models/attempt.model.js';
import type { ModelModel } from '../models/model.model.js';
import type { TokenUsageModel } from '../models/token-usage.model.js';

/** Money is integer micro-USD inside and decimal USD at the edge (contract §3). */
export const usd = (microUsd: number | null | undefined): number | null =>
  microUsd === null || microUsd === undefined ? null : microUsd / 1e6;

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export function attemptViews(attempts: AttemptRecord[]): AttemptModel[] {
  return attempts.map((a) => ({
    provider: a.provider,
    model: a.model,
    keyAlias: a.keyAlias ?? null,
    status: a.status,
    code: a.code,
    latencyMs: a.latencyMs,
    outcome: a.outcome,
  }));
}

export function usageView(usage: TokenUsage): TokenUsageModel {
  return {
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    totalTokens: usage.totalTokens,
    estimated: usage.estimated,
  };
}

export function apiKeyView(key: ApiKeyEntity): ApiKeyModel {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    balanceUsd: usd(key.balanceMicroUsd),
    allowedModels: key.allowedModels,
    allowedProviders: key.allowedProviders,
    rpm: key.rpm,
    tpm: key.tpm,
    ownerUser: key.ownerUser,
    ownerTeam: key.ownerTeam,
    ownerProject: key.ownerProject,
    expiresAt: date(key.expiresAtMs),
    createdAt: new Date(key.createdAtMs),
    revokedAt: date(key.revokedAtMs),
  };
}

export function modelView(model: ModelInfo, providerCapabilities: readonly string[]): ModelModel {
  const pricing = model.pricing;
  return {
    id: `${model.provider}/${model.id}`,
    modelId: model.id,
    provider: model.provider,
    created: model.created ?? null,
    ownedBy: model.ownedBy ?? null,
    contextLength: model.contextLength ?? null,
    capabilities: model.capabilities?.length ? model.capabilities : [...providerCapabilities],
    pricing: pricing
      ? {
          inputPerMTokUsd: pricing.inputPerMTokUsd ?? null,
          outputPerMTokUsd: pricing.outputPerMTokUsd ?? null,
          requestUsd: pricing.requestUsd ?? null,
          imageUsd: pricing.imageUsd ?? null,
        }
      : null,
  };
}
