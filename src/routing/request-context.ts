import type { AttemptRecord } from '../errors/attempt.js';
import type { GatewayError } from '../errors/gateway-error.js';
import type { Principal } from '../keys/principal.js';
import type { TextOperation } from '../providers/provider.types.js';
import type { ResolvedRoute } from './route-target.js';
import type { TokenUsage } from './token-usage.js';

/**
 * One client request as it moves through the gateway. Hooks read it to
 * reserve and settle credits, record usage and metrics, and publish events.
 */
export interface RequestContext {
  requestId: string;
  operation: TextOperation;
  principal: Principal;
  body: Record<string, unknown>;
  streamed: boolean;
  /** performance.now() when the gateway took the request. */
  startedAt: number;
  /** performance.now() when the first content reached the client (streams). */
  firstTokenAt?: number;
  route?: ResolvedRoute;
  attempts: AttemptRecord[];
  provider?: string;
  model?: string;
  usage?: TokenUsage;
  /** The calling key's own upstream keys (bring-your-own) by provider id, used instead of the gateway's. */
  providerKeys?: Record<string, string>;
  /** Set by accounting when the price is known. */
  costMicroUsd?: number;
  error?: GatewayError;
  /** The client went away before the response ended. */
  clientAborted: boolean;
  /** Per-hook scratch space (a reservation id, timers), keyed by hook name. */
  scratch: Record<string, unknown>;
}
