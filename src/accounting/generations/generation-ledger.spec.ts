import { describe, expect, it } from '@jest/globals';
import { generationHoldId, generationUsageRow } from './generation-ledger.js';

describe('generation ledger', () => {
  it('derives one UUID-shaped hold id per generation', () => {
    const id = generationHoldId('gen_abc');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(generationHoldId('gen_abc')).toBe(id);
    expect(generationHoldId('gen_abd')).not.toBe(id);
  });

  it('records a finished job as one request of its type', () => {
    const charge = {
      generationId: 'gen_1',
      keyId: 'k1',
      type: 'video' as const,
      provider: 'together-video',
      model: 'veo',
      estimateMicroUsd: 800_000,
    };
    expect(generationUsageRow(charge, 420_000, 1_000, 4_500)).toMatchObject({
      requestId: 'gen_1',
      keyId: 'k1',
      operation: 'video',
      status: 200,
      costMicroUsd: 420_000,
      latencyMs: 3_500,
      unpriced: false,
    });
    expect(generationUsageRow(charge, undefined, 1_000, 1_000)).toMatchObject({ costMicroUsd: null, unpriced: true });
  });
});
