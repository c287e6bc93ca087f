import type { AttemptRecord } from '../errors/attempt.js';
import { isTransient, type UpstreamFailure } from '../upstream/upstream-failure.js';
import type { RouteTarget } from '../routing/route-target.js';

/** Failures another target may get past; a caller's own mistake stops the route (as for chat). */
export function movesOn(failure: UpstreamFailure): boolean {
  return isTransient(failure.kind) || failure.kind === 'auth' || failure.kind === 'quota' || failure.kind === 'not_found';
}

export function attemptRecord(
  target: RouteTarget,
  startedAt: number,
  keyAlias: string | undefined,
  status: number | null,
  code: string | null,
  outcome: string,
): AttemptRecord {
  return {
    provider: target.provider.id,
    model: target.model,
    keyAlias,
    status,
    code,
    latencyMs: Math.round((performance.now() - startedAt) * 100) / 100,
    outcome,
  };
}
