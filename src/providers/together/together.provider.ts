import { Injectable } from '@nestjs/common';
import type { FileUploadCall } from '../media.types.js';
import { MediaCapableProvider } from '../openai-compatible/media-capable.provider.js';
import type { ModelInfo, UpstreamCall } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';
import { toOpenAIFile, toTogetherImageBody } from './together-media.js';

@RegisterProvider('text', 'together', {
  description: 'Together AI: open models (Llama, Qwen, DeepSeek) with tools and JSON schema, FLUX images, fine-tuning files',
  capabilities: ['chat', 'completions', 'embeddings', 'streaming', 'tools', 'json_schema', 'vision', 'model_list', 'images', 'file_upload'],
  // FLUX.1 [schnell] at 1024x1024 (together.ai/pricing, per megapixel).
  flatCostsUsd: { image: 0.0027 },
  defaultBaseUrl: 'https://api.together.ai/v1',
  docsUrl: 'https://docs.together.ai/reference',
})
@Injectable()
export class TogetherProvider extends MediaCapableProvider {
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

  protected override prepareImageBody(body: Record<string, unknown>): Record<string, unknown> {
    return toTogetherImageBody(body);
  }

  // Uploads go to /files/upload with the file name as a field (together-typescript files.ts).
  protected override filesPath(): string {
    return '/files/upload';
  }

  protected override uploadFields(call: FileUploadCall): Record<string, string> {
    return { purpose: call.purpose, file_name: call.filename };
  }

  protected override mapFile(json: unknown): unknown {
    return toOpenAIFile(json);
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
