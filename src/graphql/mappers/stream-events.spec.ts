import { describe, expect, it } from '@jest/globals';
import { GatewayError } from '../../errors/gateway-error.js';
import type { RequestContext } from '../../routing/request-context.js';
import { failoverEvents, streamEvents } from './stream-events.js';

function context(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    requestId: 'req-1',
    operation: 'chat',
    principal: { kind: 'admin' },
    body: {},
    streamed: true,
    startedAt: 0,
    attempts: [],
    clientAborted: false,
    scratch: {},
    provider: 'mock',
    model: 'lorem',
    ...overrides,
  };
}

const chunk = (choice: Record<string, unknown>) => ({ type: 'chunk' as const, data: '', text: '', json: { choices: [choice] } });

describe('streamEvents', () => {
  const ctx = context();

  it('makes one delta per content or tool-call chunk and skips role-only and finish-only chunks', () => {
    expect(streamEvents(chunk({ index: 0, delta: { role: 'assistant', content: 'Hel' } }), ctx)).toEqual([
      { kind: 'delta', content: 'Hel', index: 0, toolCalls: null },
    ]);
    expect(streamEvents(chunk({ index: 0, delta: { role: 'assistant' } }), ctx)).toEqual([]);
    expect(streamEvents(chunk({ index: 0, delta: {}, finish_reason: 'stop' }), ctx)).toEqual([]);
    const toolCalls = [{ index: 0, function: { arguments: '{"a"' } }];
    expect(streamEvents(chunk({ index: 0, delta: { tool_calls: toolCalls } }), ctx)).toEqual([
      { kind: 'delta', content: '', index: 0, toolCalls },
    ]);
    expect(streamEvents({ type: 'usage', data: '', json: {} }, ctx)).toEqual([]);
  });

  it('ends with done (usage and cost in USD) or a truncated error', () => {
    const usage = { promptTokens: 3, completionTokens: 5, totalTokens: 8, estimated: false };
    expect(streamEvents({ type: 'end', usage, finishReason: 'stop', costMicroUsd: 1234 }, ctx)).toEqual([
      expect.objectContaining({ kind: 'done', finishReason: 'stop', usage, costUsd: 0.001234, requestId: 'req-1', provider: 'mock' }),
    ]);
    const failed = context({ usage: { ...usage, estimated: true } });
    expect(streamEvents({ type: 'error', error: new GatewayError('upstream_timeout', 'slow'), truncated: true }, failed)).toEqual([
      { kind: 'error', code: 'upstream_timeout', message: 'slow', truncated: true, attempts: [], usage: { ...usage, estimated: true } },
    ]);
  });
});

describe('failoverEvents', () => {
  const attempt = (provider: string, outcome: string, status: number | null) => ({
    provider,
    model: `${provider}-m`,
    status,
    code: status ? `http_${status}` : null,
    latencyMs: 1,
    outcome,
  });

  it('chains every failed attempt to the next target, ending at the one that served', () => {
    const ctx = context({ attempts: [attempt('a', 'server', 503), attempt('b', 'timeout', null), attempt('mock', 'ok', 200)] });
    expect(failoverEvents(ctx)).toEqual([
      {
        kind: 'failover',
        fromProvider: 'a',
        fromModel: 'a-m',
        upstreamStatus: 503,
        upstreamCode: 'http_503',
        reason: 'server',
        toProvider: 'b',
        toModel: 'b-m',
      },
      {
        kind: 'failover',
        fromProvider: 'b',
        fromModel: 'b-m',
        upstreamStatus: null,
        upstreamCode: null,
        reason: 'timeout',
        toProvider: 'mock',
        toModel: 'lorem',
      },
    ]);
    expect(failoverEvents(context({ attempts: [attempt('mock', 'ok', 200)] }))).toEqual([]);
  });

  it('reports a target the gateway retried once, from the try that made it move on', () => {
    const retried = { ...attempt('a', 'server', 503), action: 'retry' };
    const movedOn = { ...attempt('a', 'server', 502), action: 'failover' };
    const ctx = context({ attempts: [retried, movedOn, attempt('mock', 'ok', 200)] });
    expect(failoverEvents(ctx)).toEqual([
      expect.objectContaining({ fromProvider: 'a', upstreamStatus: 502, toProvider: 'mock', toModel: 'lorem' }),
    ]);
  });
});
