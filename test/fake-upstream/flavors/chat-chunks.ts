/** OpenAI-compatible chat bodies and chunks (PROVIDERS.md §0), shared by every flavor. */

export const FAKE_CREATED = 1_700_000_000;

export interface ToolCallSpec {
  id: string;
  name: string;
  /** JSON text; streamed as two fragments so clients must concatenate. */
  arguments: string;
}

export interface UsageSpec {
  promptTokens: number;
  completionTokens: number;
}

export interface ChatBodyOptions {
  id?: string;
  model?: string;
  content?: string | null;
  toolCalls?: ToolCallSpec[];
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
}

export interface ChatChunksOptions {
  id?: string;
  model?: string;
  deltas: string[];
  toolCalls?: ToolCallSpec[];
  finishReason?: string;
  /** Merged into every chunk (e.g. `usage: null` for include_usage, `provider` for OpenRouter). */
  chunkExtras?: Record<string, unknown>;
  /** Merged into the finishing chunk (e.g. Together's usage on the last chunk). */
  finalExtras?: Record<string, unknown>;
  /** Extra fields per choice, given that chunk's finish_reason (e.g. OpenRouter's native_finish_reason). */
  choiceExtras?: (finishReason: string | null) => Record<string, unknown>;
}

export type JsonObject = Record<string, unknown>;

export function usageBody(usage: UsageSpec, extras: JsonObject = {}): JsonObject {
  const { promptTokens, completionTokens } = usage;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens, ...extras };
}

export function chatCompletionBody(o: ChatBodyOptions = {}): JsonObject {
  const message: JsonObject = { role: 'assistant', content: o.content ?? (o.toolCalls ? null : 'Hello!') };
  if (o.toolCalls !== undefined) {
    message.tool_calls = o.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: o.id ?? 'chatcmpl-fake',
    object: 'chat.completion',
    created: FAKE_CREATED,
    model: o.model ?? 'fake-model',
    choices: [{ index: 0, message, finish_reason: o.finishReason ?? defaultFinish(o.toolCalls) }],
    usage: usageBody({ promptTokens: o.promptTokens ?? 10, completionTokens: o.completionTokens ?? 5 }),
  };
}

/** Content and tool-call chunks then a finishing chunk; the role rides on the first delta. */
export function chatChunks(o: ChatChunksOptions): JsonObject[] {
  const deltas: JsonObject[] = o.deltas.map((content) => ({ content }));
  for (const [index, call] of (o.toolCalls ?? []).entries()) {
    // id/type/name only on the first fragment per index; arguments arrive in pieces (PROVIDERS.md §0).
    const half = Math.ceil(call.arguments.length / 2);
    deltas.push({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
    deltas.push({ tool_calls: [{ index, function: { arguments: call.arguments.slice(0, half) } }] });
    deltas.push({ tool_calls: [{ index, function: { arguments: call.arguments.slice(half) } }] });
  }
  if (deltas.length === 0) deltas.push({ content: '' });
  deltas[0] = { role: 'assistant', ...deltas[0] };
  const chunk = (delta: JsonObject, finishReason: string | null): JsonObject => ({
    id: o.id ?? 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: FAKE_CREATED,
    model: o.model ?? 'fake-model',
    ...o.chunkExtras,
    choices: [{ index: 0, delta, finish_reason: finishReason, ...o.choiceExtras?.(finishReason) }],
  });
  const finish = { ...chunk({}, o.finishReason ?? defaultFinish(o.toolCalls)), ...o.finalExtras };
  return [...deltas.map((delta) => chunk(delta, null)), finish];
}

/** The trailing `choices: []` chunk that carries usage (include_usage, OpenRouter always). */
export function usageChunk(o: { id?: string; model?: string }, usage: JsonObject, extras: JsonObject = {}): JsonObject {
  return {
    id: o.id ?? 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: FAKE_CREATED,
    model: o.model ?? 'fake-model',
    ...extras,
    choices: [],
    usage,
  };
}

function defaultFinish(toolCalls: ToolCallSpec[] | undefined): string {
  return toolCalls !== undefined && toolCalls.length > 0 ? 'tool_calls' : 'stop';
}
