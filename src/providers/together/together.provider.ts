import { Injectable } from '@nestjs/common';
import type { FileUploadCall } from '../media.types.js';
import { MediaCapableProvider } from '../openai-compatible/media-capable.provider.js';
import type { ModelInfo, UpstreamCall } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';
import { mapTogetherModels } from './together-models.js';
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
  protected override mapModels(json: unknown): ModelInfo[] {
    return mapTogetherModels(json);
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
