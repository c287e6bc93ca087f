import { describe, expect, it } from '@jest/globals';
import { attempt, requestContext } from '../../test/support/request-context.js';
import { gatewayOverheadMs } from './gateway-overhead.js';

describe('gatewayOverheadMs', () => {
  it('is the time to the answer minus the upstream attempts, never negative', () => {
    const ctx = requestContext({ startedAt: 0, attempts: [attempt({ latencyMs: 30 }), attempt({ latencyMs: 60 })] });
    expect(gatewayOverheadMs(ctx, 100)).toBe(10);
    expect(gatewayOverheadMs(ctx, 50)).toBe(0);
  });

  it('stops a stream at its first token', () => {
    const ctx = requestContext({ streamed: true, startedAt: 0, firstTokenAt: 40, attempts: [attempt({ latencyMs: 35 })] });
    expect(gatewayOverheadMs(ctx, 5_000)).toBe(5);
  });
});
