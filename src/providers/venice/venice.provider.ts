import { Injectable } from '@nestjs/common';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible.provider.js';
import type { ModelInfo } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';
import { mapVeniceModels } from './venice-models.js';

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

  protected override mapModels(json: unknown): ModelInfo[] {
    return mapVeniceModels(json);
  }
}
