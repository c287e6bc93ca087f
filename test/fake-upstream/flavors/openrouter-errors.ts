import type { HeaderMap, JsonStep } from '../script-step.types.js';

/** Shape R: `{error:{code:<HTTP int>,message,metadata}}` (PROVIDERS.md §2, §8a). */
export function error(status: number, message: string, metadata?: Record<string, unknown>, headers?: HeaderMap): JsonStep {
  return { status, headers, json: { error: { code: status, message, ...(metadata && { metadata }) } } };
}

export function invalidModel(id: string): JsonStep {
  return error(400, `${id} is not a valid model ID`, { error_type: 'invalid_request' });
}

export function noAuth(): JsonStep {
  return error(401, 'No auth credentials found');
}

export function insufficientCredits(): JsonStep {
  return error(402, 'Insufficient credits. Add more using https://openrouter.ai/credits', { error_type: 'payment_required' });
}

export function moderation(reasons: string[], flaggedInput: string): JsonStep {
  const metadata = { reasons, flagged_input: flaggedInput.slice(0, 100), provider_name: 'OpenAI', model_slug: 'openai/gpt-4o' };
  return error(403, 'openai/gpt-4o requires moderation on OpenAI. Your input was flagged.', metadata);
}

export interface RateLimitedOptions {
  retryAfterS?: number;
  limit?: number;
  /** `X-RateLimit-Reset` value; the unit is unconfirmed (PROVIDERS.md §9.2), epoch ms by default. */
  reset?: string;
}

/** OpenRouter's own 429s carry X-RateLimit-*; successes never do (PROVIDERS.md §2, §8b). */
export function rateLimited(o: RateLimitedOptions = {}): JsonStep {
  const headers: HeaderMap = {
    'X-RateLimit-Limit': String(o.limit ?? 20),
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': o.reset ?? String(Date.now() + 60_000),
  };
  if (o.retryAfterS !== undefined) headers['Retry-After'] = String(o.retryAfterS);
  return error(429, 'Rate limit exceeded: limit_rpm/openai/gpt-4o', { error_type: 'rate_limit_exceeded' }, headers);
}

/** The `:free` daily cap: limits are echoed inside metadata.headers rather than as HTTP headers. */
export function freeTierCap(): JsonStep {
  const message = 'Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day';
  const headers = { 'X-RateLimit-Limit': '50', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Date.now() + 3_600_000) };
  return error(429, message, { headers });
}

export function providerUnavailable(): JsonStep {
  return error(502, 'Provider returned error', {
    error_type: 'provider_unavailable',
    provider_name: 'OpenAI',
    raw: 'upstream connect error',
  });
}

export function noProvider(retryAfterS?: number): JsonStep {
  const headers = retryAfterS === undefined ? undefined : { 'Retry-After': String(retryAfterS) };
  return error(503, 'No endpoints found that can handle the requested parameters.', { error_type: 'provider_overloaded' }, headers);
}

/** `GET /key`: credit limit and usage in USD (PROVIDERS.md §2 Limits). */
export function key(o: { limit?: number | null; usage?: number; isFreeTier?: boolean } = {}): JsonStep {
  const limit = o.limit === undefined ? 100 : o.limit;
  const usage = o.usage ?? 0;
  const data = {
    label: 'sk-or-v1-fak...e00',
    limit,
    limit_reset: null,
    limit_remaining: limit === null ? null : limit - usage,
    usage,
    usage_daily: usage,
    usage_weekly: usage,
    usage_monthly: usage,
    is_free_tier: o.isFreeTier ?? false,
  };
  return { json: { data } };
}
