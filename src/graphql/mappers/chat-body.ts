import type { ChatInput, ChatMessageInput } from '../inputs/chat.input.js';

/** GraphQL field → REST body field, for the fields whose names differ. */
const CHAT_FIELDS: Record<string, string> = {
  topP: 'top_p',
  maxTokens: 'max_tokens',
  maxCompletionTokens: 'max_completion_tokens',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  toolChoice: 'tool_choice',
  responseFormat: 'response_format',
};

const MESSAGE_FIELDS: Record<string, string> = { toolCallId: 'tool_call_id', toolCalls: 'tool_calls' };

function rename(source: object, names: Record<string, string>, skip: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(source)) {
    if (value === undefined || value === null || skip.includes(field)) continue;
    out[names[field] ?? field] = value;
  }
  return out;
}

/**
 * The REST chat completions body for a ChatInput, so GraphQL requests take the
 * same validation and gateway path as REST. `extra` carries vendor fields as they
 * are; the typed fields win over it.
 */
export function chatBody(input: ChatInput, stream: boolean): Record<string, unknown> {
  const extra = typeof input.extra === 'object' && input.extra !== null && !Array.isArray(input.extra) ? input.extra : {};
  const body: Record<string, unknown> = { ...extra, ...rename(input, CHAT_FIELDS, ['extra', 'messages']) };
  body.messages = input.messages.map((message: ChatMessageInput) => rename(message, MESSAGE_FIELDS));
  if (stream) body.stream = true;
  else delete body.stream;
  return body;
}

const BACK = Object.fromEntries(Object.entries({ ...CHAT_FIELDS, ...MESSAGE_FIELDS }).map(([graphql, rest]) => [rest, graphql] as const));

/** A REST error `param` (`max_tokens`, `messages.0.tool_call_id`) in GraphQL input terms (`maxTokens`, `messages.0.toolCallId`). */
export function graphqlParam(param: string | null): string | null {
  if (param === null) return null;
  return param
    .split('.')
    .map((part) => BACK[part] ?? part)
    .join('.');
}
