import type { ModelInfo } from '../provider.types.js';

/** A price string as a number; `"-1"` (variable-price routers such as openrouter/auto) and junk are unknown. */
function usd(value: unknown): number | undefined {
  const n = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Prices arrive as strings in USD per token (`"0.0000025"`); the catalog keeps USD per million. */
function perMillion(value: unknown): number | undefined {
  const n = usd(value);
  return n === undefined ? undefined : Math.round(n * 1e6 * 1e6) / 1e6;
}

export function mapOpenRouterModels(json: unknown): ModelInfo[] {
  const data = (json as { data?: unknown })?.data;
  if (!Array.isArray(data)) return [];
  return data
    .filter((item): item is Record<string, unknown> => typeof item?.id === 'string')
    .map((item) => {
      const pricing = (item.pricing ?? {}) as Record<string, unknown>;
      const architecture = (item.architecture ?? {}) as { input_modalities?: string[] };
      const parameters = Array.isArray(item.supported_parameters) ? (item.supported_parameters as string[]) : [];
      return {
        id: item.id as string,
        provider: 'openrouter',
        created: typeof item.created === 'number' ? item.created : undefined,
        contextLength: typeof item.context_length === 'number' ? item.context_length : undefined,
        capabilities: [
          ...(architecture.input_modalities ?? []).filter((m) => m !== 'text').map((m) => (m === 'image' ? 'vision' : m)),
          ...parameters.filter((p) => p === 'tools' || p === 'response_format'),
        ],
        pricing: {
          inputPerMTokUsd: perMillion(pricing.prompt),
          outputPerMTokUsd: perMillion(pricing.completion),
          requestUsd: usd(pricing.request),
          imageUsd: usd(pricing.image),
        },
      };
    });
}
