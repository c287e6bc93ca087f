import { createHash } from 'node:crypto';
import type { GenerationCharge } from '../../generations/generation-billing.js';
import type { UsageRow } from '../store/accounting-store.js';

/**
 * The credit hold of a generation, derived from its id (UUID-shaped, as hold ids
 * are) so that a job resumed after a crash finds the hold it already took.
 */
export function generationHoldId(generationId: string): string {
  const hex = createHash('sha256').update(`generation:${generationId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The usage record of a finished job: one "request" of its type, priced per unit, no tokens. */
export function generationUsageRow(
  charge: GenerationCharge,
  costMicroUsd: number | undefined,
  createdAtMs: number,
  nowMs: number,
): UsageRow {
  return {
    requestId: charge.generationId,
    createdAtMs,
    keyId: charge.keyId,
    route: null,
    provider: charge.provider.slice(0, 64),
    model: charge.model.slice(0, 200) || null,
    operation: charge.type,
    status: 200,
    errorCode: null,
    promptTokens: 0,
    completionTokens: 0,
    costMicroUsd: costMicroUsd ?? null,
    latencyMs: Math.max(0, nowMs - createdAtMs),
    ttftMs: null,
    attempts: 1,
    streamed: false,
    estimated: false,
    unpriced: costMicroUsd === undefined,
    byok: false,
  };
}
