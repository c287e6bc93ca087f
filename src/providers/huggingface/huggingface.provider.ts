import { Injectable } from '@nestjs/common';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import type { ErrorBody } from '../openai-compatible/classify-failure.js';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible.provider.js';
import type { ModelInfo } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';

interface RouterModel {
  id: string;
  created?: number;
  owned_by?: string;
  providers?: Array<{ provider?: string; status?: string; context_length?: number; pricing?: { input?: number; output?: number } }>;
}

/**
 * The Hugging Face router (chat only). A `:provider` suffix on the model id
 * (`meta-llama/Llama-3.1-8B-Instruct:featherless-ai`) pins the serving provider
 * and passes through untouched. https://huggingface.co/docs/inference-providers
 */
@RegisterProvider('text', 'huggingface', {
  description: 'Hugging Face Inference Providers router (OpenAI-compatible chat; pin a provider with ":provider")',
  capabilities: ['chat', 'streaming', 'tools', 'json_schema', 'vision', 'model_list'],
  defaultBaseUrl: 'https://router.huggingface.co/v1',
  docsUrl: 'https://huggingface.co/docs/inference-providers',
})
@Injectable()
export class HuggingFaceProvider extends OpenAICompatibleProvider {
  protected override readonly operations = ['chat'] as const;

  // The router answers 502 while the serving provider spins the model up, so it
  // gets the cold-start budget rather than the short server-error backoff.
  protected override classifyQuirk(status: number, body: ErrorBody): UpstreamFailure | undefined {
    if (status === 502) return new UpstreamFailure('cold_start', status, 'router_model_unavailable', body.message);
    return undefined;
  }

  // Each model lists its live providers with prices in USD per million tokens; the first live one is the default route.
  protected override mapModels(json: unknown): ModelInfo[] {
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
}
