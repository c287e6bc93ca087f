import type { Principal } from '../keys/principal.js';

/** Per-operation state shared by the guard and the resolvers, for HTTP and graphql-ws alike. */
export interface GraphqlContext {
  transport: 'http' | 'ws';
  /** The Authorization header, or `connectionParams.authorization` on the socket. */
  authorization: string | undefined;
  /** Aborts when the client goes away: the HTTP request closes, the subscription completes, or the socket closes. */
  abort: AbortController;
  /** A gateway request id for each upstream-bound call of the operation (x-request-id, then `.2`, `.3`, ...). */
  nextRequestId(): string;
  /** Authenticated once per operation by GqlAuthGuard. */
  principal?: Promise<Principal>;
  /** Set by GqlAuthGuard once authentication succeeded. */
  authenticated?: Principal;
  /** The per-key request limit, consumed once per operation. */
  limited?: Promise<void>;
}

/** Request ids for the calls of one operation; the first is the operation's own id. */
export function requestIds(base: string): () => string {
  let n = 0;
  return () => (++n === 1 ? base : `${base}.${n}`);
}
