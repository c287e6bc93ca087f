import { describe, expect, it } from '@jest/globals';
import type { AttemptRecord } from '../errors/attempt.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { finalError } from './final-error.js';

const record = (overrides: Partial<AttemptRecord> = {}): AttemptRecord => ({
  provider: 'p',
  model: 'm',
  status: 500,
  code: 'http_500',
  latencyMs: 1,
  outcome: 'server',
  ...overrides,
});

describe('finalError', () => {
  const failure = new UpstreamFailure('server', 500, 'http_500', 'boom');

  it('counts only the tries that reached an upstream', () => {
    const skipped = record({ status: null, code: 'circuit_open', skipped: true });
    expect(finalError(failure, [record(), skipped, record()]).message).toMatch(/^All 2 upstream attempts failed/);
    expect(finalError(failure, [skipped, record()]).message).toMatch(/^The upstream attempt failed/);
  });

  it('speaks of one attempt for a failure outside a request run (a model list), which has no attempt records', () => {
    expect(finalError(failure, []).message).toMatch(/^The upstream attempt failed/);
  });
});
