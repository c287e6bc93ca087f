import { describe, expect, it } from '@jest/globals';
import type { FailureKind } from '../../upstream/upstream-failure.js';
import { classifyFailure, readErrorBody, retryAfterMs } from './classify-failure.js';

type Headers = Record<string, string>;
const NOW = Date.parse('2026-06-01T12:00:00Z');

function classify(
  status: number,
  body: unknown,
  headers: Headers = {},
): { kind: FailureKind; code: string; message: string; retryAfterMs?: number } {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const failure = classifyFailure(status, headers, readErrorBody(text), NOW);
  expect(failure.status).toBe(status);
  return { kind: failure.kind, code: failure.code, message: failure.message, retryAfterMs: failure.hints.retryAfterMs };
}

/** Shape O: `{error:{message,type,param,code}}`. */
const o = (message: string, type: string, code: string | null, param: string | null = null): unknown => ({
  error: { message, type, param, code },
});
/** Shape R (OpenRouter): `{error:{code:<int>,message,metadata}}`. */
const r = (status: number, message: string, metadata?: Record<string, unknown>): unknown => ({
  error: { code: status, message, ...(metadata && { metadata }) },
});
/** Shape F: `{error:"string"}`. */
const f = (message: string, extra: Record<string, unknown> = {}): unknown => ({ error: message, ...extra });

/** PROVIDERS.md §8a, row by row. */
describe('classifyFailure over the §8a error bodies', () => {
  describe('OpenAI (shape O)', () => {
    it.each<[number, unknown, FailureKind, string]>([
      [
        400,
        o("This model's maximum context length is 8192 tokens.", 'invalid_request_error', 'context_length_exceeded', 'messages'),
        'context_length',
        'context_length_exceeded',
      ],
      [400, o('Unrecognized request argument supplied: foo', 'invalid_request_error', null), 'bad_request', 'invalid_request_error'],
      [401, o('Incorrect API key provided: sk-ab***cd.', 'invalid_request_error', 'invalid_api_key'), 'auth', 'invalid_api_key'],
      [
        403,
        o('Country, region, or territory not supported', 'request_forbidden', 'unsupported_country_region_territory'),
        'auth',
        'unsupported_country_region_territory',
      ],
      [
        404,
        o('The model `gpt-9` does not exist or you do not have access to it.', 'invalid_request_error', 'model_not_found'),
        'not_found',
        'model_not_found',
      ],
      [
        429,
        o('Rate limit reached for gpt-4o on tokens per min (TPM)', 'tokens', 'rate_limit_exceeded'),
        'rate_limited',
        'rate_limit_exceeded',
      ],
      // Billing exhaustion is a 429 at OpenAI, never a 402: it must not be retried as a rate limit.
      [
        429,
        o('You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota'),
        'quota',
        'insufficient_quota',
      ],
      [500, o('The server had an error while processing your request. Sorry about that!', 'server_error', null), 'server', 'server_error'],
      [503, o('The engine is currently overloaded, please try again later', 'server_error', null), 'server', 'server_error'],
    ])('%i %j → %s', (status, body, kind, code) => {
      expect(classify(status, body)).toMatchObject({ kind, code });
    });

    it('keeps the message for the client', () => {
      expect(classify(401, o('Incorrect API key provided: sk-ab***cd.', 'invalid_request_error', 'invalid_api_key')).message).toBe(
        'Incorrect API key provided: sk-ab***cd.',
      );
    });

    it('reads retry-after-ms first, then retry-after', () => {
      const body = o('Rate limit reached', 'tokens', 'rate_limit_exceeded');
      expect(classify(429, body, { 'retry-after-ms': '644', 'retry-after': '2' }).retryAfterMs).toBe(644);
      expect(classify(429, body, { 'retry-after': '2' }).retryAfterMs).toBe(2000);
    });

    it('x-should-retry: false turns a retryable status into a final one', () => {
      expect(classify(500, o('no', 'server_error', null), { 'x-should-retry': 'false' }).kind).toBe('bad_request');
      expect(classify(429, o('no', 'tokens', 'rate_limit_exceeded'), { 'x-should-retry': 'false' }).kind).toBe('bad_request');
      expect(classify(500, o('yes', 'server_error', null), { 'x-should-retry': 'true' }).kind).toBe('server');
    });
  });

  describe('OpenRouter (shape R, error_type, availability)', () => {
    it.each<[number, unknown, FailureKind, string]>([
      [400, r(400, 'acme/x is not a valid model ID', { error_type: 'invalid_request' }), 'bad_request', 'invalid_request'],
      [
        400,
        r(400, 'This endpoint has a maximum context length of 8192 tokens.', { error_type: 'context_length_exceeded' }),
        'context_length',
        'context_length_exceeded',
      ],
      [401, r(401, 'No auth credentials found'), 'auth', 'http_401'],
      [
        402,
        r(402, 'Insufficient credits. Add more using https://openrouter.ai/credits', { error_type: 'payment_required' }),
        'quota',
        'payment_required',
      ],
      [
        403,
        r(403, 'Your input was flagged.', {
          reasons: ['harassment'],
          flagged_input: 'x',
          provider_name: 'OpenAI',
          model_slug: 'openai/gpt-4o',
        }),
        'content_policy',
        'http_403',
      ],
      [403, r(403, 'Blocked by guardrail', { patterns: ['ssn'] }), 'content_policy', 'http_403'],
      [408, r(408, 'Request timed out', { error_type: 'timeout' }), 'timeout', 'timeout'],
      [429, r(429, 'Rate limit exceeded: free-models-per-day.', { headers: { 'X-RateLimit-Remaining': '0' } }), 'rate_limited', 'http_429'],
      [
        502,
        r(502, 'Provider returned error', { error_type: 'provider_unavailable', provider_name: 'OpenAI', raw: 'x' }),
        'server',
        'provider_unavailable',
      ],
      [
        503,
        r(503, 'No endpoints found that can handle the requested parameters.', { error_type: 'provider_overloaded' }),
        'server',
        'provider_overloaded',
      ],
      [504, r(504, 'Upstream timed out', { error_type: 'timeout' }), 'timeout', 'timeout'],
    ])('%i %j → %s', (status, body, kind, code) => {
      expect(classify(status, body)).toMatchObject({ kind, code });
    });

    it('an unservable model (availability block) is not_found', () => {
      const body = {
        error: {
          code: 404,
          message: 'The free variant has ended',
          availability: {
            code: 'free_variant_ended',
            retryable: false,
            requested_models: ['x/y:free'],
            docs_url: 'https://openrouter.ai/docs',
          },
        },
      };
      expect(classify(404, body).kind).toBe('not_found');
    });

    it('Retry-After in seconds on 429 and 503', () => {
      expect(classify(429, r(429, 'Rate limit exceeded'), { 'retry-after': '3' }).retryAfterMs).toBe(3000);
      expect(classify(503, r(503, 'No provider'), { 'retry-after': '7' })).toMatchObject({ kind: 'server', retryAfterMs: 7000 });
    });
  });

  describe('Together (shape O with id)', () => {
    const t = (message: string, type: string, code: string | null): unknown => ({
      id: 'req-1',
      error: { message, type, param: null, code },
    });
    it.each<[number, unknown, FailureKind, string]>([
      [
        400,
        t('Unable to access non-serverless model x.', 'invalid_request_error', 'model_not_available'),
        'bad_request',
        'model_not_available',
      ],
      [402, t('Credit limit exceeded', 'invalid_request_error', null), 'quota', 'invalid_request_error'],
      [
        429,
        t('You have been rate limited: dynamic request limit reached.', 'dynamic_request_limited', null),
        'rate_limited',
        'dynamic_request_limited',
      ],
      [
        503,
        t('You have been rate limited: dynamic token limit reached.', 'dynamic_token_limited', null),
        'server',
        'dynamic_token_limited',
      ],
      [503, t('The server is overloaded or not ready yet.', 'server_error', null), 'server', 'server_error'],
      [524, 'error code: 524', 'server', 'http_524'],
    ])('%i %j → %s', (status, body, kind, code) => {
      expect(classify(status, body)).toMatchObject({ kind, code });
    });
  });

  describe('Featherless (shape undocumented: O or F)', () => {
    it.each<[number, unknown, FailureKind]>([
      [401, o('Unauthenticated', 'invalid_request_error', null), 'auth'],
      [403, f('Model x is gated; unlock it on Hugging Face first'), 'auth'],
      [429, o('Concurrency limit exceeded', 'invalid_request_error', null), 'rate_limited'],
      [500, f('Internal Server Error'), 'server'],
      [503, o('Service Temporarily Unavailable / No valid Executor', 'invalid_request_error', null), 'server'],
    ])('%i %j → %s', (status, body, kind) => {
      expect(classify(status, body).kind).toBe(kind);
    });

    it('a cold model is a 400 with nothing structured to tell it apart (the provider hook reads it)', () => {
      expect(classify(400, o('model is cold / not ready for inference', 'invalid_request_error', null)).kind).toBe('bad_request');
    });
  });

  describe('Venice (shape F, O for context)', () => {
    it.each<[number, unknown, FailureKind]>([
      [400, f('Invalid request parameters', { details: { model: { _errors: ['Required'] } } }), 'bad_request'],
      [401, f('Authentication failed'), 'auth'],
      [402, f('Insufficient USD or Diem balance to complete request'), 'quota'],
      [403, f('Unauthorized access'), 'auth'],
      [404, f('Model not found'), 'not_found'],
      [422, f('Content policy violation'), 'content_policy'],
      [429, f('Rate limit exceeded'), 'rate_limited'],
      [429, f('The model is overloaded. Please try again later.'), 'rate_limited'],
      [500, f('Inference failed'), 'server'],
      [503, f('The model is at capacity. Please try again later.'), 'server'],
      [504, f('Request timed out'), 'timeout'],
      [
        400,
        o('This request exceeds the model context length.', 'invalid_request_error', 'context_length_exceeded', 'messages'),
        'context_length',
      ],
    ])('%i %j → %s', (status, body, kind) => {
      expect(classify(status, body).kind).toBe(kind);
    });

    it('the flat string is the message', () => {
      expect(classify(402, f('Insufficient USD or Diem balance to complete request')).message).toBe(
        'Insufficient USD or Diem balance to complete request',
      );
    });
  });

  describe('Hugging Face router and task API', () => {
    it.each<[number, unknown, FailureKind]>([
      [
        400,
        o(
          "The requested model 'x' is not supported by any provider you have enabled.",
          'invalid_request_error',
          'model_not_supported',
          'model',
        ),
        'bad_request',
      ],
      [402, o('You have exceeded your monthly included credits for Inference Providers.', 'billing_error', null), 'quota'],
      [400, f('Input is too long'), 'bad_request'],
    ])('%i %j → %s', (status, body, kind) => {
      expect(classify(status, body).kind).toBe(kind);
    });

    it('a loading model carries estimated_time in seconds for the provider hook', () => {
      const body = readErrorBody(JSON.stringify(f('Model facebook/bart-large-cnn is currently loading', { estimated_time: 20.5 })));
      expect(body).toMatchObject({ message: 'Model facebook/bart-large-cnn is currently loading', estimatedTimeS: 20.5 });
      expect(classifyFailure(503, {}, body, NOW).kind).toBe('server');
    });
  });

  describe('bodies that are not JSON', () => {
    it('an HTML or plain-text error page is classified by status and keeps (at most 500 chars of) its text', () => {
      const page = `<html><body><h1>502 Bad Gateway</h1>${'x'.repeat(1000)}</body></html>`;
      const failure = classify(502, page);
      expect(failure.kind).toBe('server');
      expect(failure.code).toBe('http_502');
      expect(failure.message).toBe(page.slice(0, 500));
    });

    it('an empty body', () => {
      expect(classify(500, '')).toMatchObject({ kind: 'server', message: '' });
    });

    it('JSON that is not an object', () => {
      expect(classify(400, [1, 2]).kind).toBe('bad_request');
      expect(classify(500, 'null').kind).toBe('server');
    });

    it('an error object without a message is described by its JSON', () => {
      expect(classify(400, { error: { code: 'weird' } }).message).toBe('{"code":"weird"}');
    });
  });
});

describe('retryAfterMs', () => {
  it('reads an HTTP date relative to now', () => {
    expect(retryAfterMs({ 'retry-after': new Date(NOW + 5000).toUTCString() }, NOW)).toBe(5000);
  });

  it('never goes negative and ignores junk', () => {
    expect(retryAfterMs({ 'retry-after': new Date(NOW - 5000).toUTCString() }, NOW)).toBe(0);
    expect(retryAfterMs({ 'retry-after': '-3' }, NOW)).toBe(0);
    expect(retryAfterMs({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after-ms': 'soon', 'retry-after': '1' }, NOW)).toBe(1000);
    expect(retryAfterMs({}, NOW)).toBeUndefined();
  });
});
