import type { HeaderMap, JsonStep, SseResponseStep } from '../script-step.types.js';
import { chatChunks } from './chat-chunks.js';
import { goDuration } from './go-duration.js';
import { headers } from './openai-headers.js';
import { dataFrames } from './sse-frames.js';

/** Shape O: `{error:{message,type,param,code}}` (PROVIDERS.md §8a). */
export function error(
  status: number,
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
  extra: HeaderMap = {},
): JsonStep {
  return { status, headers: headers({}, extra), json: { error: { message, type, param, code } } };
}

export function contextLengthExceeded(): JsonStep {
  const message =
    "This model's maximum context length is 8192 tokens. However, your messages resulted in 8227 tokens. Please reduce the length of the messages.";
  return error(400, message, 'invalid_request_error', 'context_length_exceeded', 'messages');
}

export function invalidApiKey(): JsonStep {
  const message = 'Incorrect API key provided: sk-ab***cd. You can find your API key at https://platform.openai.com/account/api-keys.';
  return error(401, message, 'invalid_request_error', 'invalid_api_key');
}

export function modelNotFound(model: string): JsonStep {
  return error(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
}

export interface RateLimitedOptions {
  retryAfterS?: number;
  retryAfterMs?: number;
}

/** TPM 429 with the SDK retry hints (`retry-after`, `retry-after-ms`) and exhausted token headers. */
export function rateLimited(o: RateLimitedOptions = {}): JsonStep {
  const waitMs = o.retryAfterMs ?? (o.retryAfterS !== undefined ? o.retryAfterS * 1000 : 644);
  const retry: HeaderMap = {};
  if (o.retryAfterS !== undefined) retry['retry-after'] = String(o.retryAfterS);
  if (o.retryAfterMs !== undefined) retry['retry-after-ms'] = String(o.retryAfterMs);
  const message =
    `Rate limit reached for gpt-4o in organization org-fake on tokens per min (TPM): Limit 30000, Used 29937, Requested 385. ` +
    `Please try again in ${goDuration(waitMs)}. Visit https://platform.openai.com/account/rate-limits to learn more.`;
  const body = { error: { message, type: 'tokens', param: null, code: 'rate_limit_exceeded' } };
  return { status: 429, headers: headers({ remainingTokens: 0, resetTokensMs: waitMs }, retry), json: body };
}

/** Billing exhaustion is a 429, never a 402, at OpenAI (PROVIDERS.md §1). */
export function insufficientQuota(): JsonStep {
  const message = 'You exceeded your current quota, please check your plan and billing details.';
  return error(429, message, 'insufficient_quota', 'insufficient_quota');
}

export function serverError(): JsonStep {
  return error(500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null);
}

export function overloaded503(): JsonStep {
  return error(503, 'The engine is currently overloaded, please try again later', 'server_error', null);
}

/** Some content, then `data: {"error":…}` and the stream closes without [DONE] (PROVIDERS.md §1). */
export function midStreamError(o: { deltas?: string[]; model?: string } = {}): SseResponseStep {
  const content = chatChunks({ deltas: o.deltas ?? ['Hel'], model: o.model ?? 'gpt-4o' }).slice(0, -1);
  const failure = { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error' } };
  return { headers: headers(), sse: dataFrames([...content, failure], undefined, false) };
}
