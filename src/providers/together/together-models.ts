import type { ModelInfo } from '../provider.types.js';

/** `GET /models` is a bare array with pricing in USD per million tokens (together-typescript api.md). */
export function mapTogetherModels(json: unknown): ModelInfo[] {
  if (!Array.isArray(json)) return [];
  return json
    .filter((item): item is Record<string, unknown> => typeof item?.id === 'string')
    .map((item) => {
      const pricing = (item.pricing ?? {}) as { input?: number; output?: number };
      return {
        id: item.id as string,
        provider: 'together',
        created: typeof item.created === 'number' ? item.created : undefined,
        ownedBy: typeof item.organization === 'string' ? item.organization : undefined,
        contextLength: typeof item.context_length === 'number' ? item.context_length : undefined,
        capabilities: typeof item.type === 'string' ? [item.type] : undefined,
        pricing: { inputPerMTokUsd: pricing.input, outputPerMTokUsd: pricing.output },
      };
    });
}
