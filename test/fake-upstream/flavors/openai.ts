import type { BodyStep, JsonStep, SseResponseStep } from '../script-step.types.js';
import * as compatible from './compatible.js';
import { FAKE_CREATED } from './chat-chunks.js';
import { headers } from './openai-headers.js';

export * from './openai-errors.js';
export * from './openai-headers.js';

export function chatCompletion(o: compatible.ChatCompletionOptions = {}): JsonStep {
  return compatible.chatCompletion({ model: 'gpt-4o', ...o, headers: headers({}, o.headers) });
}

export function chatStream(o: compatible.ChatStreamOptions): SseResponseStep {
  return compatible.chatStream({ model: 'gpt-4o', ...o, headers: headers({}, o.headers) });
}

export function completion(o: compatible.CompletionOptions = {}): JsonStep {
  return compatible.completion({ model: 'gpt-3.5-turbo-instruct', ...o, headers: headers({}, o.headers) });
}

/** Deterministic vectors so tests can assert they were passed through untouched. */
export function embeddings(n: number, dims: number, model = 'text-embedding-3-small'): JsonStep {
  const data = Array.from({ length: n }, (_, index) => ({
    object: 'embedding',
    index,
    embedding: Array.from({ length: dims }, (_, d) => Number(((index + 1) * 0.001 + d * 0.0001).toFixed(6))),
  }));
  return { headers: headers(), json: { object: 'list', data, model, usage: { prompt_tokens: n * 4, total_tokens: n * 4 } } };
}

/** No price or context length: OpenAI's /models carries neither (PROVIDERS.md §1). */
export function models(ids: string[]): JsonStep {
  const data = ids.map((id) => ({ id, object: 'model', created: FAKE_CREATED, owned_by: 'system' }));
  return { headers: headers(), json: { object: 'list', data } };
}

export interface ImagesOptions {
  count?: number;
  /** `url` items instead of `b64_json`. */
  urls?: boolean;
  revisedPrompt?: string;
}

/** `POST /images/generations`: one item per image, base64 unless `response_format: "url"` (PROVIDERS.md §1). */
export function images(o: ImagesOptions = {}): JsonStep {
  const data = Array.from({ length: o.count ?? 1 }, (_, i) => ({
    ...(o.urls ? { url: `https://images.openai.fake/img-${i}.png` } : { b64_json: Buffer.from(`png-${i}`).toString('base64') }),
    ...(o.revisedPrompt !== undefined ? { revised_prompt: o.revisedPrompt } : {}),
  }));
  return { headers: headers(), json: { created: FAKE_CREATED, data } };
}

/** `POST /audio/speech` answers with the audio bytes themselves. */
export function speech(bytes: Buffer, contentType = 'audio/mpeg'): BodyStep {
  return { headers: { ...headers(), 'content-type': contentType }, body: bytes };
}

/** `POST /files` (multipart) answers with the file object. */
export function file(o: { id?: string; filename: string; bytes: number; purpose?: string }): JsonStep {
  const json = {
    id: o.id ?? 'file-fake-1',
    object: 'file',
    bytes: o.bytes,
    created_at: FAKE_CREATED,
    filename: o.filename,
    purpose: o.purpose ?? 'fine-tune',
  };
  return { headers: headers(), json };
}
