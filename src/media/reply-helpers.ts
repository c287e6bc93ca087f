import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../keys/auth.guard.js';
import type { Principal } from '../keys/principal.js';

/** Aborts when the client goes away before the response finished, cancelling the upstream call (contract §5). */
export function clientAbortSignal(reply: FastifyReply): AbortSignal {
  const abort = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort(new Error('client disconnected'));
  });
  return abort.signal;
}

/** The caller the global AuthGuard identified. */
export function principalOf(request: FastifyRequest): Principal {
  return (request as FastifyRequest & AuthenticatedRequest).principal as Principal;
}

/** `x-switchyard-cost-usd` for a known cost (contract §4). */
export function costHeader(costMicroUsd: number | undefined): Record<string, string> {
  return costMicroUsd === undefined ? {} : { 'x-switchyard-cost-usd': (costMicroUsd / 1e6).toFixed(6) };
}
