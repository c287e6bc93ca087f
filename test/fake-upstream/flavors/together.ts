import type { HeaderMap, JsonStep, SseResponseStep } from '../script-step.types.js';
import { chatChunks, chatCompletionBody, FAKE_CREATED, usageBody } from './chat-chunks.js';
import type { ChatBodyOptions, ToolCallSpec } from './chat-chunks.js';
import { dataFrames } from './sse-frames.js';

const DEFAULT_MODEL = 'meta-llama/Llama-3.3-70B-Instruct-Turbo';
/** Together's request id travels in Cloudflare's cf-ray (PROVIDERS.md §3). */
const BASE_HEADERS: HeaderMap = { 'cf-ray': '8f00fake0000-IAD', 'x-hostname': 'fake-together' };

export interface ModelSpec {
  id: string;
  type?: 'chat' | 'language' | 'code' | 'image' | 'embedding' | 'moderation' | 'rerank';
  context_length?: number;
  /** USD per million tokens, as numbers. */
  input?: number;
  output?: number;
}

/** `GET /models` is a bare array, not `{data:[…]}` (PROVIDERS.md §3). */
export function models(items: ModelSpec[]): JsonStep {
  const json = items.map((m) => ({
    id: m.id,
    object: 'model',
    created: FAKE_CREATED,
    type: m.type ?? 'chat',
    display_name: m.id.split('/').pop(),
    organization: m.id.split('/')[0],
    context_length: m.context_length ?? 131_072,
    pricing: { input: m.input ?? 0.88, output: m.output ?? 0.88, base: 0, finetune: 0, hourly: 0 },
  }));
  return { headers: BASE_HEADERS, json };
}

export function chatCompletion(o: ChatBodyOptions = {}): JsonStep {
  return { headers: BASE_HEADERS, json: chatCompletionBody({ model: DEFAULT_MODEL, ...o }) };
}

export interface ChatStreamOptions {
  deltas: string[];
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
  toolCalls?: ToolCallSpec[];
  /** Together ends plain generations with `"eos"` rather than `"stop"`. */
  finishReason?: string;
  interChunkDelayMs?: number;
}

/** Usage rides on the finishing chunk without `include_usage` (PROVIDERS.md §3, §9.3: M). */
export function chatStream(o: ChatStreamOptions): SseResponseStep {
  const usage = usageBody({ promptTokens: o.promptTokens ?? 10, completionTokens: o.completionTokens ?? 5 });
  const chunks = chatChunks({
    ...o,
    id: 'fake-together-id',
    model: o.model ?? DEFAULT_MODEL,
    finishReason: o.finishReason ?? (o.toolCalls ? 'tool_calls' : 'eos'),
    chunkExtras: { usage: null },
    finalExtras: { usage },
    choiceExtras: (finish) => (finish === null ? {} : { seed: 42 }),
  });
  return { headers: BASE_HEADERS, sse: dataFrames(chunks, o.interChunkDelayMs) };
}

/** Shape O plus a top-level `id` (PROVIDERS.md §8a). */
export function error(
  status: number,
  message: string,
  code: string | null,
  type = 'invalid_request_error',
  headers: HeaderMap = {},
): JsonStep {
  return {
    status,
    headers: { ...BASE_HEADERS, ...headers },
    json: { id: 'fake-together-err', error: { message, type, param: null, code } },
  };
}

export function modelNotAvailable(model: string): JsonStep {
  const message = `Unable to access non-serverless model ${model}. Please visit https://api.together.ai/models/${model} to create and start a new dedicated endpoint for the model.`;
  return error(400, message, 'model_not_available');
}

export function overloaded(): JsonStep {
  return error(503, 'The server is overloaded or not ready yet.', null, 'server_error');
}

export interface DynamicLimitOptions {
  /** 503 when failing at/below your rate, 429 above it (PROVIDERS.md §3). */
  status?: 429 | 503;
  kind?: 'request' | 'token';
  /** `x-ratelimit-reset`, read as seconds until retry (M). */
  resetS?: number;
}

/** Where `error_type` sits is unconfirmed (PROVIDERS.md §9.3); it is `error.type` here. */
export function dynamicRateLimited(o: DynamicLimitOptions = {}): JsonStep {
  const kind = o.kind ?? 'request';
  const headers: HeaderMap = {
    'x-ratelimit-limit': '10',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(o.resetS ?? 1),
    'x-tokenlimit-limit': '200000',
    'x-tokenlimit-remaining': kind === 'token' ? '0' : '150000',
  };
  const message = `You have been rate limited: dynamic ${kind} limit reached. Please slow down.`;
  return error(o.status ?? 429, message, null, `dynamic_${kind}_limited`, headers);
}

/** `POST /images/generations`: items carry `index` and `type` (`b64_json` or `url`) (PROVIDERS.md §3). */
export function images(o: { count?: number; urls?: boolean; model?: string } = {}): JsonStep {
  const data = Array.from({ length: o.count ?? 1 }, (_, index) =>
    o.urls
      ? { index, type: 'url', url: `https://api.together.fake/imgproxy/${index}.png` }
      : { index, type: 'b64_json', b64_json: Buffer.from(`flux-${index}`).toString('base64') },
  );
  return { headers: BASE_HEADERS, json: { id: 'img-fake-1', model: o.model ?? 'black-forest-labs/FLUX.1-schnell', object: 'list', data } };
}

/** `POST /files/upload` answers with capitalised `FileType`/`Processed` (PROVIDERS.md §3). */
export function file(o: { id?: string; filename: string; bytes: number; purpose?: string }): JsonStep {
  const json = {
    id: o.id ?? 'file-together-1',
    object: 'file',
    bytes: o.bytes,
    created_at: FAKE_CREATED,
    filename: o.filename,
    purpose: o.purpose ?? 'fine-tune',
    FileType: 'jsonl',
    Processed: true,
  };
  return { headers: BASE_HEADERS, json };
}
