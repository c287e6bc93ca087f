import type { HeaderMap, JsonStep, SseResponseStep, SseStep } from '../script-step.types.js';
import { chatChunks, chatCompletionBody, FAKE_CREATED, usageBody, usageChunk } from './chat-chunks.js';
import type { JsonObject, ToolCallSpec } from './chat-chunks.js';
import { dataFrames } from './sse-frames.js';

export * from './openrouter-errors.js';

const PROCESSING = 'OPENROUTER PROCESSING';

export interface ModelSpec {
  id: string;
  name?: string;
  context_length?: number;
  /** USD per token as strings, `"0"` = free (PROVIDERS.md §2). */
  pricing?: Partial<Record<'prompt' | 'completion' | 'request' | 'image' | 'web_search' | 'internal_reasoning', string>>;
  supported_parameters?: string[];
  /** `architecture.input_modalities`; text only unless given (e.g. `['text', 'image', 'file']`). */
  input_modalities?: string[];
}

/** `GET /models` needs no auth and returns `{data:[…]}` with per-token string prices. */
export function models(items: ModelSpec[]): JsonStep {
  const data = items.map((m) => {
    const contextLength = m.context_length ?? 128_000;
    return {
      id: m.id,
      canonical_slug: m.id,
      name: m.name ?? m.id,
      created: FAKE_CREATED,
      description: `Fake ${m.id}`,
      context_length: contextLength,
      architecture: {
        input_modalities: m.input_modalities ?? ['text'],
        output_modalities: ['text'],
        tokenizer: 'GPT',
        instruct_type: null,
      },
      pricing: {
        prompt: '0.0000025',
        completion: '0.00001',
        request: '0',
        image: '0',
        web_search: '0',
        internal_reasoning: '0',
        ...m.pricing,
      },
      top_provider: { context_length: contextLength, max_completion_tokens: 16_384, is_moderated: false },
      per_request_limits: null,
      supported_parameters: m.supported_parameters ?? ['tools', 'response_format', 'temperature', 'max_tokens'],
    };
  });
  return { json: { data, total_count: data.length } };
}

export interface ChatOptions {
  model?: string;
  provider?: string;
  promptTokens?: number;
  completionTokens?: number;
  /** USD credits charged, reported as `usage.cost`. */
  cost?: number;
  toolCalls?: ToolCallSpec[];
  finishReason?: string;
  headers?: HeaderMap;
}

function usage(o: ChatOptions): JsonObject {
  return usageBody(
    { promptTokens: o.promptTokens ?? 10, completionTokens: o.completionTokens ?? 5 },
    {
      cost: o.cost ?? 0.000075,
      is_byok: false,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  );
}

const defaults = (o: ChatOptions): { id: string; model: string } => ({ id: 'gen-fake', model: o.model ?? 'openai/gpt-4o' });

export function chatCompletion(o: ChatOptions & { content?: string } = {}): JsonStep {
  const body = chatCompletionBody({ ...o, ...defaults(o) });
  const choices = (body.choices as JsonObject[]).map((c) => ({ ...c, native_finish_reason: c.finish_reason }));
  const json = { ...body, provider: o.provider ?? 'OpenAI', choices, usage: usage(o) };
  return { headers: { 'x-generation-id': 'gen-fake', ...o.headers }, json };
}

export interface ChatStreamOptions extends ChatOptions {
  deltas: string[];
  /** `: OPENROUTER PROCESSING` comments before the first data frame; one more always precedes usage. */
  processingComments?: number;
  interChunkDelayMs?: number;
}

/** Usage is always sent, once, in a final `choices: []` chunk, whatever the request asked (PROVIDERS.md §2). */
export function chatStream(o: ChatStreamOptions): SseResponseStep {
  const extras = { provider: o.provider ?? 'OpenAI' };
  const chunks = chatChunks({
    ...o,
    ...defaults(o),
    chunkExtras: extras,
    choiceExtras: (finish) => ({ native_finish_reason: finish }),
  });
  const frames = dataFrames(chunks, o.interChunkDelayMs, false);
  const comments: SseStep[] = Array.from({ length: o.processingComments ?? 1 }, () => ({ comment: PROCESSING }));
  const tail: SseStep[] = [{ comment: PROCESSING }, { data: usageChunk(defaults(o), usage(o), extras) }, { data: '[DONE]' }];
  return { headers: { 'x-generation-id': 'gen-fake', ...o.headers }, sse: [...comments, ...frames, ...tail] };
}

export interface MidStreamErrorOptions {
  deltas?: string[];
  model?: string;
  code?: number;
  message?: string;
  errorType?: string;
  /** Docs say the error chunk ends the stream; whether [DONE] follows is unconfirmed. */
  withDone?: boolean;
}

/** After the first token HTTP stays 200 and a `finish_reason: "error"` chunk ends the stream (PROVIDERS.md §2). */
export function midStreamError(o: MidStreamErrorOptions = {}): SseResponseStep {
  const base = { id: 'gen-fake', model: o.model ?? 'openai/gpt-4o' };
  const content = chatChunks({ ...base, deltas: o.deltas ?? ['Hel'], chunkExtras: { provider: 'OpenAI' } }).slice(0, -1);
  const failure = {
    ...base,
    object: 'chat.completion.chunk',
    created: FAKE_CREATED,
    provider: 'OpenAI',
    error: {
      code: o.code ?? 502,
      message: o.message ?? 'Provider disconnected',
      metadata: { error_type: o.errorType ?? 'provider_unavailable' },
    },
    choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
  };
  return { sse: [{ comment: PROCESSING }, ...dataFrames([...content, failure], undefined, o.withDone ?? false)] };
}
