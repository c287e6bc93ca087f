import { Injectable } from '@nestjs/common';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import type { ErrorBody } from '../openai-compatible/classify-failure.js';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible.provider.js';
import type { StreamEvent } from '../openai-compatible/sse-events.js';
import type { ImageCall, ImageResponse } from '../media.types.js';
import type { ModelInfo, UpstreamCall, UpstreamStreamResponse } from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';
import { outputText, toOpenAIResponse, toTaskBody } from './task-mapping.js';
import { toTextToImageBody } from './text-to-image.js';

/**
 * The classic per-model task API (`POST {base}/models/{id}` with `{inputs}`),
 * for non-chat models such as facebook/bart-large-cnn, served through the chat
 * and completions routes. Base: `HUGGINGFACE_INFERENCE_URL`.
 */
@RegisterProvider('text', 'huggingface-inference', {
  description: 'Hugging Face task API (summarization, text generation) mapped onto chat and completions; text-to-image',
  capabilities: ['chat', 'completions', 'summarization', 'text_generation', 'images'],
  defaultBaseUrl: 'https://router.huggingface.co/hf-inference',
  docsUrl: 'https://huggingface.co/docs/inference-providers/tasks/summarization',
})
@Injectable()
export class HuggingFaceInferenceProvider extends OpenAICompatibleProvider {
  protected override readonly operations = ['chat', 'completions'] as const;

  protected override pathFor(call: UpstreamCall): string {
    return `/models/${String(call.body.model)}`;
  }

  protected override prepareBody(call: UpstreamCall): Record<string, unknown> {
    return toTaskBody(call.operation, call.body);
  }

  protected override mapResponse(call: UpstreamCall, json: unknown): unknown {
    return toOpenAIResponse(call.operation, String(call.body.model), outputText(json), call.requestId);
  }

  // A loading model answers 503 with `estimated_time` in seconds (transformers#23793).
  protected override classifyQuirk(status: number, body: ErrorBody): UpstreamFailure | undefined {
    if (status === 503 && body.estimatedTimeS !== undefined) {
      return new UpstreamFailure('cold_start', status, 'model_loading', body.message, { estimatedTimeMs: body.estimatedTimeS * 1000 });
    }
    return undefined;
  }

  /** The task API does not stream: the whole answer becomes one chunk. */
  override async open(call: UpstreamCall): Promise<UpstreamStreamResponse> {
    const response = await this.send(call);
    return { events: singleChunkStream(call, response.json as Record<string, unknown>), keyAlias: response.keyAlias };
  }

  /** Text-to-image answers with the image's bytes, one per call; they come back as `b64_json`. */
  async generateImage(call: ImageCall): Promise<ImageResponse> {
    const count = typeof call.body.n === 'number' && call.body.n > 0 ? call.body.n : 1;
    const body = JSON.stringify(toTextToImageBody(call.body));
    const data: Array<Record<string, unknown>> = [];
    let keyAlias: string | undefined;
    for (let i = 0; i < count; i++) {
      const exchange = await this.upstreamRequest({
        path: `/models/${String(call.body.model)}`,
        method: 'POST',
        body,
        signal: call.signal,
      });
      const image = await this.binary(exchange, 'image/jpeg');
      const chunks: Buffer[] = [];
      for await (const chunk of image.body) chunks.push(chunk as Buffer);
      data.push({ b64_json: Buffer.concat(chunks).toString('base64') });
      keyAlias = image.keyAlias;
    }
    return { json: { created: Math.floor(Date.now() / 1000), data }, keyAlias };
  }

  // The task API has no model list; models are addressed explicitly (`huggingface-inference/<id>`).
  override async listModels(): Promise<ModelInfo[]> {
    return (this.settings.staticModels ?? []).map((id) => ({ id, provider: this.id }));
  }
}

async function* singleChunkStream(call: UpstreamCall, completion: Record<string, unknown>): AsyncGenerator<StreamEvent> {
  const choice = (completion.choices as Array<{ message?: { content?: string }; text?: string }>)[0];
  const text = choice.message?.content ?? choice.text ?? '';
  const base = { id: completion.id, created: completion.created, model: completion.model };
  if (call.operation === 'chat') {
    const object = 'chat.completion.chunk';
    yield {
      type: 'data',
      data: JSON.stringify({ ...base, object, choices: [{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }] }),
    };
    yield { type: 'data', data: JSON.stringify({ ...base, object, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }) };
  } else {
    yield {
      type: 'data',
      data: JSON.stringify({ ...base, object: 'text_completion', choices: [{ index: 0, text, finish_reason: 'stop' }] }),
    };
  }
  yield { type: 'data', data: '[DONE]' };
}
