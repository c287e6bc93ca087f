import { Injectable } from '@nestjs/common';
import { MediaCapableProvider } from '../openai-compatible/media-capable.provider.js';
import type { ModelInfo, UpstreamCall, UpstreamStreamResponse } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';
import { keepSearchResults } from './venice-search-results.js';

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
  description: 'Venice: private inference with web search, characters and reasoning models; images and speech',
  capabilities: ['chat', 'embeddings', 'streaming', 'tools', 'vision', 'files', 'model_list', 'images', 'speech'],
  // model_spec.capabilities.supportsVision says, per model, whether images are accepted.
  listedCapabilities: ['vision'],
  // Typical image price, and tts-kokoro at $3.50 per million characters (docs: pricing).
  flatCostsUsd: { image: 0.01, character: 0.0000035 },
  defaultBaseUrl: 'https://api.venice.ai/api/v1',
  docsUrl: 'https://docs.venice.ai',
})
@Injectable()
export class VeniceProvider extends MediaCapableProvider {
  protected override readonly operations = ['chat', 'embeddings'] as const;
  protected override readonly acceptedVendorFields = ['venice_parameters'];

  override async open(call: UpstreamCall): Promise<UpstreamStreamResponse> {
    const opened = await super.open(call);
    return { ...opened, events: keepSearchResults(opened.events) };
  }

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
