import { Injectable } from '@nestjs/common';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible.provider.js';
import type { ModelInfo, UpstreamCall } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';
import { mapOpenRouterModels } from './openrouter-models.js';

@RegisterProvider('text', 'openrouter', {
  description: 'OpenRouter: one API over hundreds of models, with provider routing and fallbacks',
  capabilities: ['chat', 'completions', 'embeddings', 'streaming', 'tools', 'json_schema', 'vision', 'files', 'audio_input', 'model_list'],
  // Each model lists its input modalities (architecture.input_modalities), so for images and audio the
  // list is authoritative. PDFs are not: the file-parser plugin serves them to any model (docs: features/pdfs).
  listedCapabilities: ['vision', 'audio'],
  defaultBaseUrl: 'https://openrouter.ai/api/v1',
  docsUrl: 'https://openrouter.ai/docs',
})
@Injectable()
export class OpenRouterProvider extends OpenAICompatibleProvider {
  // Provider routing, model fallbacks and plugins are OpenRouter request extensions (docs: provider-selection, plugins).
  protected override readonly acceptedVendorFields = ['provider', 'models', 'plugins', 'transforms', 'route'];

  // OpenRouter asks apps to identify themselves (docs: overview/quickstart).
  protected override defaultHeaders(): Record<string, string> {
    return { 'x-title': 'Switchyard' };
  }

  protected override mapModels(json: unknown): ModelInfo[] {
    return mapOpenRouterModels(json);
  }

  // A non-streamed failure after provider failover comes back as HTTP 200 with finish_reason "error" (docs: errors).
  protected override mapResponse(_call: UpstreamCall, json: unknown): unknown {
    const choice = (json as { choices?: Array<{ finish_reason?: string; error?: { code?: number; message?: string } }> })?.choices?.[0];
    if (choice?.finish_reason === 'error' && choice.error) {
      throw new UpstreamFailure('server', choice.error.code ?? 502, 'provider_error', choice.error.message ?? 'Provider failed');
    }
    return json;
  }
}
