import type { AttemptRecord } from '../../src/errors/attempt.js';
import type { RequestContext } from '../../src/routing/request-context.js';

/** A finished request's context for unit specs of hooks; override what the case is about. */
export function requestContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    requestId: 'req-1',
    operation: 'chat',
    principal: { kind: 'admin' },
    body: { model: 'together/llama', messages: [] },
    streamed: false,
    startedAt: 1_000,
    attempts: [],
    clientAborted: false,
    scratch: {},
    ...overrides,
  };
}

export function attempt(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    provider: 'together',
    model: 'llama',
    keyAlias: 'together#1',
    status: 200,
    code: null,
    latencyMs: 100,
    outcome: 'ok',
    ...overrides,
  };
}
