import type { BodyStep, HeaderMap, JsonStep, SseResponseStep } from '../script-step.types.js';
import { chatChunks, chatCompletionBody, FAKE_CREATED, usageBody, usageChunk } from './chat-chunks.js';
import type { ChatBodyOptions, JsonObject } from './chat-chunks.js';
import { dataFrames } from './sse-frames.js';

const DEFAULT_MODEL = 'llama-3.3-70b';

export interface HeaderState {
  remainingRequests?: number;
  remainingTokens?: number;
  /** Unix timestamp (s), unlike OpenAI's durations (PROVIDERS.md §5, §8b). */
  resetRequestsAt?: number;
  /** Seconds until the token window resets. */
  resetTokensS?: number;
  balanceUsd?: number;
  balanceDiem?: number;
  model?: string;
}

/** Venice sends these on every authenticated response, errors included. */
export function headers(s: HeaderState = {}): HeaderMap {
  return {
    'x-ratelimit-limit-requests': '50',
    'x-ratelimit-remaining-requests': String(s.remainingRequests ?? 49),
    'x-ratelimit-reset-requests': String(s.resetRequestsAt ?? Math.floor(Date.now() / 1000) + 60),
    'x-ratelimit-limit-tokens': '750000',
    'x-ratelimit-remaining-tokens': String(s.remainingTokens ?? 749_000),
    'x-ratelimit-reset-tokens': String(s.resetTokensS ?? 60),
    'x-ratelimit-type': 'api_key',
    'x-venice-balance-usd': String(s.balanceUsd ?? 10),
    'x-venice-balance-diem': String(s.balanceDiem ?? 0),
    'x-venice-model-id': s.model ?? DEFAULT_MODEL,
    'cf-ray': '8f00fake0000-AMS',
  };
}

/** Mostly flat `{error:"…"}` (shape F, PROVIDERS.md §8a). */
export function error(status: number, message: string, state?: HeaderState): JsonStep {
  return { status, headers: headers(state), json: { error: message } };
}

export function rateLimited(o: { resetRequestsAt?: number } = {}): JsonStep {
  return error(429, 'Rate limit exceeded', { remainingRequests: 0, resetRequestsAt: o.resetRequestsAt });
}

/** A 429 that is about Venice's capacity, not the caller's rate. */
export function modelOverloaded(): JsonStep {
  return error(429, 'The model is overloaded. Please try again later.');
}

export function insufficientBalance(): JsonStep {
  return error(402, 'Insufficient USD or Diem balance to complete request', { balanceUsd: 0, balanceDiem: 0 });
}

export function modelAtCapacity(): JsonStep {
  return error(503, 'The model is at capacity. Please try again later.');
}

/** The one error that uses the OpenAI shape. */
export function contextLengthExceeded(): JsonStep {
  const inner = {
    message: 'This request exceeds the model context length.',
    type: 'invalid_request_error',
    param: 'messages',
    code: 'context_length_exceeded',
  };
  return { status: 400, headers: headers(), json: { error: inner } };
}

export interface ModelSpec {
  id: string;
  type?: 'text' | 'image' | 'tts' | 'music' | 'video';
  context_length?: number;
  /** USD per million tokens. */
  inputUsd?: number;
  outputUsd?: number;
  /** `model_spec.capabilities.supportsVision` (false unless given). */
  supportsVision?: boolean;
}

/** Prices live in `model_spec.pricing.{input,output}.{usd,diem}` (PROVIDERS.md §5). */
export function models(items: ModelSpec[], type = 'text'): JsonStep {
  const data = items.map((m) => ({
    id: m.id,
    object: 'model',
    created: FAKE_CREATED,
    owned_by: 'venice.ai',
    type: m.type ?? 'text',
    context_length: m.context_length ?? 131_072,
    model_spec: {
      availableContextTokens: m.context_length ?? 131_072,
      maxCompletionTokens: 8192,
      name: m.id,
      privacy: 'private',
      offline: false,
      capabilities: { supportsFunctionCalling: true, supportsVision: m.supportsVision ?? false, supportsWebSearch: true },
      pricing: {
        input: { usd: m.inputUsd ?? 0.7, diem: m.inputUsd ?? 0.7 },
        output: { usd: m.outputUsd ?? 2.8, diem: m.outputUsd ?? 2.8 },
      },
    },
  }));
  return { json: { object: 'list', type, data } };
}

export interface Citation {
  title: string;
  url: string;
  content?: string;
  date?: string;
}

export interface ChatOptions extends ChatBodyOptions {
  /** Echoed back as `venice_parameters` alongside `web_search_citations`. */
  veniceParameters?: JsonObject;
  citations?: Citation[];
  /** Sent in `message.reasoning_content`, before the answer. */
  reasoningContent?: string;
}

export function chatCompletion(o: ChatOptions = {}): JsonStep {
  const body = chatCompletionBody({ model: DEFAULT_MODEL, ...o });
  if (o.reasoningContent !== undefined) {
    const [choice] = body.choices as Array<{ message: JsonObject }>;
    if (choice !== undefined) choice.message.reasoning_content = o.reasoningContent;
  }
  const venice_parameters = {
    include_venice_system_prompt: true,
    enable_web_search: 'off',
    ...o.veniceParameters,
    web_search_citations: o.citations ?? [],
  };
  return { headers: headers({ model: o.model }), json: { ...body, venice_parameters } };
}

export interface ChatStreamOptions {
  deltas: string[];
  model?: string;
  /**
   * With `venice_parameters.include_search_results_in_stream` the first chunk carries
   * `venice_search_results` and no choices (docs: venice_parameters).
   */
  searchResults?: Citation[];
  /** Opt-in `stream_options.include_usage`: a trailing `choices: []` usage chunk. */
  usage?: { promptTokens: number; completionTokens: number };
}

export function chatStream(o: ChatStreamOptions): SseResponseStep {
  const base = { id: 'chatcmpl-venice-fake', model: o.model ?? DEFAULT_MODEL };
  const chunks: JsonObject[] = chatChunks({ ...base, deltas: o.deltas });
  if (o.searchResults !== undefined) {
    chunks.unshift({
      ...base,
      object: 'chat.completion.chunk',
      created: FAKE_CREATED,
      choices: [],
      venice_search_results: o.searchResults,
    });
  }
  if (o.usage !== undefined) chunks.push(usageChunk(base, usageBody(o.usage)));
  return { headers: headers({ model: o.model }), sse: dataFrames(chunks) };
}

/** `POST /images/generations` is Venice's OpenAI-shaped image route (PROVIDERS.md §5). */
export function images(o: { count?: number } = {}): JsonStep {
  const data = Array.from({ length: o.count ?? 1 }, (_, i) => ({ b64_json: Buffer.from(`venice-${i}`).toString('base64') }));
  return { headers: headers(), json: { created: FAKE_CREATED, data } };
}

/** `POST /audio/speech` answers with audio bytes in the requested format. */
export function speech(bytes: Buffer, contentType = 'audio/mpeg'): BodyStep {
  return { headers: { ...headers(), 'content-type': contentType }, body: bytes };
}
