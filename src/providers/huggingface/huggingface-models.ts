import type { ModelInfo } from '../provider.types.js';

interface RouterModel {
  id: string;
  created?: number;
  owned_by?: string;
  providers?: Array<{ provider?: string; status?: string; context_length?: number; pricing?: { input?: number; output?: number } }>;
}

/** Each model lists its serving providers (USD per million tokens); the first live one is the router's default route. */
export function mapHuggingFaceModels(json: unknown): ModelInfo[] {
  const data = (json as { data?: RouterModel[] })?.data;
  if (!Array.isArray(data)) return [];
  return data
    .filter((item) => typeof item?.id === 'string')
    .map((item) => {
      const live = item.providers?.find((p) => p.status === 'live') ?? item.providers?.[0];
      return {
        id: item.id,
        provider: 'huggingface',
        created: item.created,
        ownedBy: item.owned_by,
        contextLength: live?.context_length,
        pricing: live?.pricing ? { inputPerMTokUsd: live.pricing.input, outputPerMTokUsd: live.pricing.output } : undefined,
      };
    });
}
