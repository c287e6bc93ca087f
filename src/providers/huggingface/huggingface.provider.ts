import { Injectable } from '@nestjs/common';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import type { ErrorBody } from '../openai-compatible/classify-failure.js';
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

  // The router answers 502 while the serving provider spins the model up, so it
  // gets the cold-start budget rather than the short server-error backoff.
  protected override classifyQuirk(status: number, body: ErrorBody): UpstreamFailure | undefined {
    if (status === 502) return new UpstreamFailure('cold_start', status, 'router_model_unavailable', body.message);
    return undefined;
  }

  protected override mapModels(json: unknown): ModelInfo[] {
    return mapHuggingFaceModels(json);
  }
}
