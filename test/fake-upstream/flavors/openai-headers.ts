import type { HeaderMap } from '../script-step.types.js';
import { goDuration } from './go-duration.js';

export interface RateLimitState {
  remainingRequests?: number;
  remainingTokens?: number;
  resetRequestsMs?: number;
  resetTokensMs?: number;
}

/** Headers OpenAI puts on every response; resets are Go durations (PROVIDERS.md §1, §8b). */
export function headers(state: RateLimitState = {}, extra: HeaderMap = {}): HeaderMap {
  return {
    'x-ratelimit-limit-requests': '500',
    'x-ratelimit-limit-tokens': '30000',
    'x-ratelimit-remaining-requests': String(state.remainingRequests ?? 499),
    'x-ratelimit-remaining-tokens': String(state.remainingTokens ?? 29_000),
    'x-ratelimit-reset-requests': goDuration(state.resetRequestsMs ?? 120),
    'x-ratelimit-reset-tokens': goDuration(state.resetTokensMs ?? 2000),
    'x-request-id': 'req_fake',
    'openai-processing-ms': '12',
    'openai-version': '2020-10-01',
    ...extra,
  };
}
