import { parseRateLimitHeaders } from '../../upstream/rate-limit-headers.js';
import { UpstreamFailure, type FailureKind } from '../../upstream/upstream-failure.js';

type Headers = Record<string, string | string[] | undefined>;

export interface ErrorBody {
  code?: string;
  /** OpenRouter's `metadata.error_type` (2026 docs). */
  errorType?: string;
  message: string;
  hasModerationMetadata: boolean;
  estimatedTimeS?: number;
  /** Rate-limit headers echoed inside the body (OpenRouter's free-tier cap: `metadata.headers`), lower-cased. */
  embeddedHeaders?: Record<string, string>;
}

function lowerCaseHeaders(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, v]) => [name.toLowerCase(), String(v)]));
}

/** Reads the three error body shapes of PROVIDERS.md §8a: O (OpenAI), R (OpenRouter), F (flat string). */
export function readErrorBody(text: string): ErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { message: text.slice(0, 500), hasModerationMetadata: false };
  }
  const root = (parsed ?? {}) as Record<string, unknown>;
  const error = root.error;
  const estimatedTimeS = typeof root.estimated_time === 'number' ? root.estimated_time : undefined;
  if (typeof error === 'string') return { message: error, hasModerationMetadata: false, estimatedTimeS };
  if (error && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    const metadata = (e.metadata ?? {}) as Record<string, unknown>;
    const code = typeof e.code === 'string' ? e.code : typeof e.type === 'string' ? e.type : undefined;
    return {
      code,
      errorType: typeof metadata.error_type === 'string' ? metadata.error_type : undefined,
      message: typeof e.message === 'string' ? e.message : JSON.stringify(e).slice(0, 500),
      hasModerationMetadata: Array.isArray(metadata.reasons) || Array.isArray(metadata.patterns),
      estimatedTimeS,
      embeddedHeaders: lowerCaseHeaders(metadata.headers),
    };
  }
  return { message: text.slice(0, 500), hasModerationMetadata: false, estimatedTimeS };
}

/** `retry-after-ms`, then `retry-after` as seconds or an HTTP date (OpenAI SDK contract). */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = Number(headers['retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0 && headers['retry-after-ms'] !== undefined) return ms;
  const raw = headers['retry-after'];
  if (typeof raw !== 'string' || raw === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function kindFor(status: number, body: ErrorBody): FailureKind {
  const code = body.code ?? '';
  if (code === 'context_length_exceeded' || body.errorType === 'context_length_exceeded') return 'context_length';
  if (code === 'insufficient_quota') return 'quota';
  if (status === 401) return 'auth';
  if (status === 402) return 'quota';
  if (status === 403) return body.hasModerationMetadata ? 'content_policy' : 'auth';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 422) return 'content_policy';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/** The default classification from status, headers and structured body, never from message text. */
export function classifyFailure(status: number, headers: Headers, body: ErrorBody, now: number): UpstreamFailure {
  let kind = kindFor(status, body);
  // OpenAI's `x-should-retry` overrides the status-based guess (openai-node client.ts).
  const shouldRetry = headers['x-should-retry'];
  if (shouldRetry === 'false' && (kind === 'server' || kind === 'rate_limited')) kind = 'bad_request';
  return new UpstreamFailure(kind, status, body.errorType ?? body.code ?? `http_${status}`, body.message, {
    retryAfterMs: retryAfterMs(headers, now),
    rateLimit: parseRateLimitHeaders({ ...body.embeddedHeaders, ...headers }, now),
  });
}
