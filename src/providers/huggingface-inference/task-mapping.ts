import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { TextOperation } from '../provider.types.js';

type Message = { role?: string; content?: unknown };

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: { type?: string; text?: string }) => (part?.type === 'text' && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return '';
}

/**
 * Chat and completions bodies become `{inputs, parameters}` for the task API:
 * the last user message (or the prompt) is the input; `max_tokens` becomes
 * `max_new_tokens`, and an explicit `parameters` object passes through.
 */
export function toTaskBody(operation: TextOperation, body: Record<string, unknown>): Record<string, unknown> {
  let inputs: string;
  if (operation === 'chat') {
    const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
    const user = [...messages].reverse().find((m) => m.role === 'user');
    inputs = textOf(user?.content);
  } else {
    inputs = Array.isArray(body.prompt) ? String(body.prompt[0] ?? '') : String(body.prompt ?? '');
  }
  if (!inputs)
    throw new InvalidRequestError(
      'The Hugging Face task API needs text input: a user message or a prompt.',
      operation === 'chat' ? 'messages' : 'prompt',
    );
  const parameters: Record<string, unknown> = { ...((body.parameters as Record<string, unknown>) ?? {}) };
  if (typeof body.max_tokens === 'number') parameters.max_new_tokens = body.max_tokens;
  if (typeof body.temperature === 'number') parameters.temperature = body.temperature;
  return Object.keys(parameters).length > 0 ? { inputs, parameters } : { inputs };
}

/** `[{summary_text}]` (summarization) or `[{generated_text}]` (text generation) as output text. */
export function outputText(json: unknown): string {
  const first = Array.isArray(json) ? json[0] : json;
  const item = (first ?? {}) as { summary_text?: unknown; generated_text?: unknown; translation_text?: unknown };
  const text = item.summary_text ?? item.generated_text ?? item.translation_text;
  return typeof text === 'string' ? text : JSON.stringify(json);
}

/** The task API's answer dressed as an OpenAI chat completion or text completion. */
export function toOpenAIResponse(operation: TextOperation, model: string, text: string, requestId: string): Record<string, unknown> {
  const created = Math.floor(Date.now() / 1000);
  if (operation === 'chat') {
    return {
      id: `chatcmpl-${requestId}`,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    };
  }
  return { id: `cmpl-${requestId}`, object: 'text_completion', created, model, choices: [{ index: 0, text, finish_reason: 'stop' }] };
}
