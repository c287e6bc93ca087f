import { describe, expect, it } from '@jest/globals';
import { attempt, requestContext } from '../../test/support/request-context.js';
import { GatewayError } from '../errors/gateway-error.js';
import { trafficObservations } from './traffic-observations.js';

describe('trafficObservations', () => {
  it('turns each attempt into an observation: provider faults fail, caller mistakes do not', () => {
    const ctx = requestContext({
      attempts: [
        attempt({ provider: 'together', status: 503, code: 'overloaded', outcome: 'server', latencyMs: 12 }),
        attempt({ provider: 'openai', status: 400, code: 'bad', outcome: 'bad_request' }),
      ],
    });
    const out = trafficObservations(ctx, 50);
    expect(out.map((o) => [o.provider, o.observation.ok])).toEqual([
      ['together', false],
      ['openai', true],
    ]);
    expect(out[0].observation).toMatchObject({ source: 'traffic', at: 50, latencyMs: 12, code: 'overloaded', message: '503 overloaded' });
  });

  it('uses the final error message, redacted, for the last failed attempt', () => {
    const error = new GatewayError('upstream_error', 'Incorrect API key provided: tg-secret-123456; sent Bearer tg-secret-123456');
    const ctx = requestContext({ attempts: [attempt({ status: 401, code: 'invalid_api_key', outcome: 'auth' })], error });
    const [only] = trafficObservations(ctx, 1, ['tg-secret-123456']);
    expect(only.observation.message).toBe('Incorrect API key provided: [redacted]; sent [redacted]');
  });

  it('skips disabled providers and outcomes it does not know', () => {
    const ctx = requestContext({
      attempts: [attempt({ code: 'provider_disabled', outcome: 'auth' }), attempt({ outcome: 'circuit_skipped' })],
    });
    expect(trafficObservations(ctx, 1)).toEqual([]);
  });

  it('adds a fault when a stream broke after it started, but not when the client left', () => {
    const error = new GatewayError('upstream_error', 'stream failed');
    const broken = requestContext({ streamed: true, provider: 'together', attempts: [attempt()], error });
    expect(trafficObservations(broken, 1).map((o) => o.observation.ok)).toEqual([true, false]);
    const left = requestContext({ streamed: true, provider: 'together', attempts: [attempt()], error, clientAborted: true });
    expect(trafficObservations(left, 1).map((o) => o.observation.ok)).toEqual([true]);
  });
});
