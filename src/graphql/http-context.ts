import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestIds, type GraphqlContext } from './graphql-context.js';

/** The context of a GraphQL operation over HTTP; a client that goes away aborts its upstream calls. */
export function httpContext(request: FastifyRequest, reply: FastifyReply): GraphqlContext {
  const abort = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort(new Error('client disconnected'));
  });
  const header = request.headers.authorization;
  return {
    transport: 'http',
    authorization: Array.isArray(header) ? header[0] : header,
    abort,
    nextRequestId: requestIds(request.id),
  };
}
