import { Injectable } from '@nestjs/common';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible.provider.js';
import type { ModelInfo } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';

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

@RegisterProvider('text', 'venice', {
  description: 'Venice: private inference with web search, characters and reasoning models',
  capabilities: ['chat', 'embeddings', 'streaming', 'tools', 'vision', 'model_list'],
  defaultBaseUrl: 'https://api.venice.ai/api/v1',
  docsUrl: 'https://docs.venice.ai',
})
@Injectable()
export class VeniceProvider extends OpenAICompatibleProvider {
  protected override readonly operations = ['chat', 'embeddings'] as const;
  protected override readonly acceptedVendorFields = ['venice_parameters'];

  // `model_spec.pricing` is USD per million tokens (docs: api-spec, models).
  protected override mapModels(json: unknown): ModelInfo[] {
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
}
