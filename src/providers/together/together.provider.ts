import { Injectable } from '@nestjs/common';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible.provider.js';
import type { ModelInfo, UpstreamCall } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';
import { mapTogetherModels } from './together-models.js';

@RegisterProvider('text', 'together', {
  description: 'Together AI: open models (Llama, Qwen, DeepSeek) with tools and JSON schema',
  capabilities: ['chat', 'completions', 'embeddings', 'streaming', 'tools', 'json_schema', 'vision', 'files', 'model_list'],
  defaultBaseUrl: 'https://api.together.ai/v1',
  docsUrl: 'https://docs.together.ai/reference',
})
@Injectable()
export class TogetherProvider extends OpenAICompatibleProvider {
  protected override mapModels(json: unknown): ModelInfo[] {
    return mapTogetherModels(json);
  }

  // Together reports finish_reason "eos" where OpenAI clients expect "stop" (PROVIDERS.md §3).
  protected override mapResponse(_call: UpstreamCall, json: unknown): unknown {
    this.normaliseChunk(json as Record<string, unknown>);
    return json;
  }

  normaliseChunk(chunk: Record<string, unknown>): boolean {
    let changed = false;
    for (const choice of (chunk.choices as Array<{ finish_reason?: unknown }> | undefined) ?? []) {
      if (choice.finish_reason === 'eos') {
        choice.finish_reason = 'stop';
        changed = true;
      }
    }
    return changed;
  }
}
