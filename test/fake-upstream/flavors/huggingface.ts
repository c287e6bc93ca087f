import type { BodyStep, JsonStep } from '../script-step.types.js';
import { FAKE_CREATED } from './chat-chunks.js';

/** Router chat responses are plain OpenAI-compatible: use the `compatible` flavor. */

export interface ProviderSpec {
  provider: string;
  status?: 'live' | 'staging' | 'error';
  context_length?: number;
  /** USD per million tokens. */
  input?: number;
  output?: number;
}

/** Router `/v1/models`: one item per model, its serving providers in `providers[]` (PROVIDERS.md §6, M). */
export function models(items: Array<{ id: string; providers: ProviderSpec[] }>): JsonStep {
  const data = items.map((m) => ({
    id: m.id,
    object: 'model',
    created: FAKE_CREATED,
    owned_by: m.id.split('/')[0],
    architecture: { input_modalities: ['text'], output_modalities: ['text'] },
    providers: m.providers.map((p) => ({
      provider: p.provider,
      status: p.status ?? 'live',
      context_length: p.context_length ?? 131_072,
      pricing: { input: p.input ?? 0.2, output: p.output ?? 0.6 },
      supports_tools: true,
      supports_structured_output: true,
    })),
  }));
  return { json: { object: 'list', data } };
}

/** Exact router 400/402 JSON is unconfirmed (PROVIDERS.md §9.5); OpenAI-ish here. */
export function modelNotSupported(model: string): JsonStep {
  const message = `The requested model '${model}' is not supported by any provider you have enabled.`;
  return { status: 400, json: { error: { message, type: 'invalid_request_error', param: 'model', code: 'model_not_supported' } } };
}

export function creditsExhausted(): JsonStep {
  const message =
    'You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits.';
  return { status: 402, json: { error: { message, type: 'billing_error', param: null, code: null } } };
}

/** Classic task API cold start: 503 with a float `estimated_time` in seconds (PROVIDERS.md §6). */
export function loading(estimatedTime: number, model = 'facebook/bart-large-cnn'): JsonStep {
  return { status: 503, json: { error: `Model ${model} is currently loading`, estimated_time: estimatedTime } };
}

export function summarization(text: string): JsonStep {
  return { json: [{ summary_text: text }] };
}

export function textGeneration(text: string): JsonStep {
  return { json: [{ generated_text: text }] };
}

/** Task API errors other than loading are flat strings (shape F). */
export function taskError(status: number, message: string): JsonStep {
  return { status, json: { error: message } };
}

/** Task API text-to-image answers with the image's bytes (PROVIDERS.md §6). */
export function image(bytes: Buffer, contentType = 'image/jpeg'): BodyStep {
  return { headers: { 'content-type': contentType }, body: bytes };
}
