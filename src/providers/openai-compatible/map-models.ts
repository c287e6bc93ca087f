import type { ModelInfo } from '../provider.types.js';

/** `{object:"list", data:[{id, created, owned_by}]}` (OpenAI and most compatible servers). */
export function mapOpenAIModels(json: unknown, provider: string): ModelInfo[] {
  const list = Array.isArray(json) ? json : ((json as { data?: unknown })?.data ?? []);
  if (!Array.isArray(list)) return [];
  return list
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && typeof item.id === 'string')
    .map((item) => ({
      id: item.id as string,
      provider,
      created: typeof item.created === 'number' ? item.created : undefined,
      ownedBy: typeof item.owned_by === 'string' ? item.owned_by : undefined,
      contextLength: typeof item.context_length === 'number' ? item.context_length : undefined,
    }));
}
