import { Injectable } from '@nestjs/common';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible.provider.js';
import type { ModelInfo } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';
import { mapHuggingFaceModels } from './huggingface-models.js';

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

  protected override mapModels(json: unknown): ModelInfo[] {
    return mapHuggingFaceModels(json);
  }
}
