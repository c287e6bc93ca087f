import { Injectable } from '@nestjs/common';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible.provider.js';
import type { ModelInfo, UpstreamCall } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';

@RegisterProvider('text', 'together', {
  description: 'Together AI: open models (Llama, Qwen, DeepSeek) with tools and JSON schema',
  capabilities: ['chat', 'completions', 'embeddings', 'streaming', 'tools', 'json_schema', 'vision', 'files', 'model_list'],
  defaultBaseUrl: 'https://api.together.ai/v1',
  docsUrl: 'https://docs.together.ai/reference',
})
@Injectable()
export class TogetherProvider extends OpenAICompatibleProvider {
  // GET /models is a bare array with pricing in USD per million tokens (together-typescript api.md).
  protected override mapModels(json: unknown): ModelInfo[] {
    if (!Array.isArray(json)) return [];
    return json
      .filter((item): item is Record<string, unknown> => typeof item?.id === 'string')
      .map((item) => {
        const pricing = (item.pricing ?? {}) as { input?: number; output?: number };
        return {
          id: item.id as string,
          provider: 'together',
          created: typeof item.created === 'number' ? item.created : undefined,
          ownedBy: typeof item.organization === 'string' ? item.organization : undefined,
          contextLength: typeof item.context_length === 'number' ? item.context_length : undefined,
          capabilities: typeof item.type === 'string' ? [item.type] : undefined,
          pricing: { inputPerMTokUsd: pricing.input, outputPerMTokUsd: pricing.output },
        };
      });
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
