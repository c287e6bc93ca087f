import type { ModelInfo } from '../provider.types.js';

interface VeniceModel {
  id: string;
  created?: number;
  owned_by?: string;
  model_spec?: {
    availableContextTokens?: number;
    capabilities?: { supportsFunctionCalling?: boolean; supportsVision?: boolean };
    pricing?: { input?: { usd?: number }; output?: { usd?: number } };
  };
}

/** `{data:[{id, model_spec}]}`; `model_spec.pricing` is USD per million tokens (docs: api-spec, models). */
export function mapVeniceModels(json: unknown): ModelInfo[] {
  const data = (json as { data?: VeniceModel[] })?.data;
  if (!Array.isArray(data)) return [];
  return data
    .filter((item) => typeof item?.id === 'string')
    .map((item) => {
      const spec = item.model_spec ?? {};
      const capabilities = [
        ...(spec.capabilities?.supportsFunctionCalling ? ['tools'] : []),
        ...(spec.capabilities?.supportsVision ? ['vision'] : []),
      ];
      return {
        id: item.id,
        provider: 'venice',
        created: item.created,
        ownedBy: item.owned_by,
        contextLength: spec.availableContextTokens,
        capabilities,
        pricing: { inputPerMTokUsd: spec.pricing?.input?.usd, outputPerMTokUsd: spec.pricing?.output?.usd },
      };
    });
}
