import { Injectable } from '@nestjs/common';
import { MediaCapableProvider } from '../openai-compatible/media-capable.provider.js';
import type { ModelInfo, UpstreamCall, UpstreamStreamResponse } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';
import { mapVeniceModels } from './venice-models.js';
import { keepSearchResults } from './venice-search-results.js';

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

  protected override mapModels(json: unknown): ModelInfo[] {
    return mapVeniceModels(json);
  }
}
