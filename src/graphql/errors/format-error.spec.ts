import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { GatewayError } from '../../errors/gateway-error.js';
import { formatGraphqlError, type FormatOptions } from './format-error.js';

function options(development = false): FormatOptions & { internal: unknown[] } {
  const internal: unknown[] = [];
  return { development, bodyLimitBytes: 1024, onInternal: (error) => internal.push(error), internal };
}

/** What graphql-js makes of an error a resolver threw. */
const located = (error: Error): GraphQLError => new GraphQLError(error.message, { path: ['chat'], originalError: error });

describe('formatGraphqlError', () => {
  it("puts a gateway error's contract code, GraphQL param, attempts and retry hint in extensions", () => {
    const error = new GatewayError('rate_limited', 'slow down', 'max_tokens');
    error.retryAfterS = 1.2;
    error.attempts = [{ provider: 'together', model: 'm', status: 429, code: 'rate_limited', latencyMs: 3, outcome: 'rate_limited' }];
    const wrapped = located(error);
    expect(formatGraphqlError(wrapped.toJSON(), wrapped, options())).toEqual({
      message: 'slow down',
      path: ['chat'],
      locations: undefined,
      extensions: {
        code: 'rate_limited',
        status: 429,
        source: 'gateway',
        param: 'maxTokens',
        retryAfter: 2,
        attempts: [
          { provider: 'together', model: 'm', keyAlias: null, status: 429, code: 'rate_limited', latencyMs: 3, outcome: 'rate_limited' },
        ],
      },
    });
  });

  it('maps GraphQL request errors to invalid_request', () => {
    const parse = new GraphQLError('Syntax Error: Expected Name', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(formatGraphqlError(parse.toJSON(), parse, options()).extensions).toEqual({ code: 'invalid_request', status: 400 });
    const plain = new GraphQLError('Cannot query field "x" on type "Query".');
    expect(formatGraphqlError(plain.toJSON(), plain, options()).extensions).toEqual({ code: 'invalid_request', status: 400 });
  });

  it('hides internal failures, logs them, and keeps stack traces only in development', () => {
    const boom = located(new TypeError('secret detail'));
    const prod = options();
    const formatted = formatGraphqlError({ ...boom.toJSON(), extensions: { stacktrace: ['x'] } }, boom, prod);
    expect(formatted.message).not.toContain('secret');
    expect(formatted.extensions).toEqual({ code: 'internal_error', status: 500, source: 'gateway' });
    expect(prod.internal).toHaveLength(1);
    const dev = formatGraphqlError(boom.toJSON(), boom, options(true));
    expect(dev.extensions?.stacktrace).toEqual(expect.arrayContaining([expect.stringContaining('secret detail')]));
    const nonNull = new GraphQLError('Cannot return null for non-nullable field Query.me.', { path: ['me'] });
    expect(formatGraphqlError(nonNull.toJSON(), nonNull, options()).extensions?.code).toBe('internal_error');
  });
});
