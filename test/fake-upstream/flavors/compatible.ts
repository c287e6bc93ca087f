import type { HeaderMap, JsonStep, SseResponseStep } from '../script-step.types.js';
import { chatChunks, chatCompletionBody, FAKE_CREATED, usageBody, usageChunk } from './chat-chunks.js';
import type { ChatBodyOptions, ToolCallSpec, UsageSpec } from './chat-chunks.js';
import { dataFrames } from './sse-frames.js';

/**
 * Plain OpenAI-compatible responses with no vendor headers: what Featherless and the
 * HF router send (PROVIDERS.md §8c), and the base the OpenAI flavor adds headers to.
 */

export interface ChatCompletionOptions extends ChatBodyOptions {
  headers?: HeaderMap;
}

export interface ChatStreamOptions {
  deltas: string[];
  model?: string;
  id?: string;
  /** When set, every chunk has `usage: null` and a `choices: []` usage chunk precedes [DONE] (include_usage). */
  usage?: UsageSpec;
  toolCalls?: ToolCallSpec[];
  finishReason?: string;
  interChunkDelayMs?: number;
  headers?: HeaderMap;
}

export interface CompletionOptions {
  text?: string;
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
  finishReason?: string;
  headers?: HeaderMap;
}

export function chatCompletion(o: ChatCompletionOptions = {}): JsonStep {
  return { headers: o.headers, json: chatCompletionBody(o) };
}

export function chatStream(o: ChatStreamOptions): SseResponseStep {
  const withUsage = o.usage !== undefined;
  const chunks = chatChunks({ ...o, chunkExtras: withUsage ? { usage: null } : undefined });
  if (o.usage !== undefined) chunks.push(usageChunk(o, usageBody(o.usage)));
  return { headers: o.headers, sse: dataFrames(chunks, o.interChunkDelayMs) };
}

/** Legacy `/completions`: `choices[].text`, object `text_completion`. */
export function completion(o: CompletionOptions = {}): JsonStep {
  return {
    headers: o.headers,
    json: {
      id: 'cmpl-fake',
      object: 'text_completion',
      created: FAKE_CREATED,
      model: o.model ?? 'fake-model',
      choices: [{ index: 0, text: o.text ?? 'Hello!', logprobs: null, finish_reason: o.finishReason ?? 'stop' }],
      usage: usageBody({ promptTokens: o.promptTokens ?? 10, completionTokens: o.completionTokens ?? 5 }),
    },
  };
}
