import { describe, expect, it } from '@jest/globals';
import { attempt, requestContext } from '../../test/support/request-context.js';
import { GatewayError } from '../errors/gateway-error.js';
import { requestFacts } from './request-facts.js';

describe('requestFacts', () => {
  it('labels a served request and derives latency, overhead and tokens', () => {
    const ctx = requestContext({
      startedAt: 1_000,
      provider: 'together',
      model: 'llama',
      route: { name: 'fast', kind: 'alias', targets: [] },
      attempts: [attempt({ latencyMs: 400 })],
      usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15, estimated: false },
      costMicroUsd: 1_500,
    });
    const facts = requestFacts(ctx, 1_450);
    expect(facts.labels).toEqual({
      operation: 'chat',
      route: 'fast',
      provider: 'together',
      model: 'llama',
      status: '200',
      code: 'ok',
      streamed: 'false',
    });
    expect(facts.durationS).toBeCloseTo(0.45);
    expect(facts.overheadS).toBeCloseTo(0.05);
    expect(facts.tokens).toEqual({ prompt: 10, completion: 5 });
    expect(facts.costUsd).toBe(0.0015);
  });

  it('tells retries (same target again) from failovers (next target) and counts cold starts by outcome', () => {
    const ctx = requestContext({
      attempts: [
        attempt({ provider: 'featherless', model: 'm', outcome: 'cold_start' }),
        attempt({ provider: 'featherless', model: 'm', outcome: 'server' }),
        attempt({ provider: 'together', model: 'm2', outcome: 'ok' }),
      ],
    });
    const facts = requestFacts(ctx, 2_000);
    expect(facts.retries).toEqual(['featherless']);
    expect(facts.failovers).toEqual([['featherless', 'together']]);
    expect(facts.attempts.map((a) => a.outcome)).toEqual(['cold_start', 'server', 'ok']);
  });

  it('counts a refusal before any upstream call by its code', () => {
    const credits = requestFacts(requestContext({ error: new GatewayError('insufficient_credits', 'no money') }), 1_001);
    expect(credits.refusal).toBe('insufficient_credits');
    expect(credits.labels.status).toBe('402');
    const limited = requestFacts(requestContext({ error: new GatewayError('rate_limited', 'slow down') }), 1_001);
    expect(limited.refusal).toBe('rate_limited');
    const upstream = requestFacts(
      requestContext({ error: new GatewayError('rate_limited', 'x'), attempts: [attempt({ outcome: 'rate_limited' })] }),
      1_001,
    );
    expect(upstream.refusal).toBeUndefined();
  });

  it('reports a client that left as 499 and a stream by its time to first token', () => {
    const facts = requestFacts(
      requestContext({ streamed: true, clientAborted: true, firstTokenAt: 1_200, attempts: [attempt({ latencyMs: 150 })] }),
      3_000,
    );
    expect(facts.labels.status).toBe('499');
    expect(facts.labels.code).toBe('client_closed');
    expect(facts.ttftS).toBeCloseTo(0.2);
    expect(facts.overheadS).toBeCloseTo(0.05);
  });

  it('never uses a model nobody serves as a label value (it is whatever the client typed)', () => {
    const typo = requestContext({
      error: new GatewayError('model_not_found', 'no such model'),
      attempts: [attempt({ model: 'sy_live_pasted_key', status: 404, outcome: 'not_found' })],
    });
    expect(requestFacts(typo, 1_001).labels.model).toBe('unknown');
  });
});
