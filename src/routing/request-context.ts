import type { AttemptRecord } from '../errors/attempt.js';
import type { GatewayError } from '../errors/gateway-error.js';
import type { Principal } from '../keys/principal.js';
import type { GatewayOperation } from '../providers/provider.types.js';
import type { ResolvedRoute } from './route-target.js';
import type { TokenUsage } from './token-usage.js';

/**
 * One client request as it moves through the gateway. Hooks read it to
 * reserve and settle credits, record usage and metrics, and publish events.
 */
export interface RequestContext {
  requestId: string;
  operation: GatewayOperation;
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
  /**
   * What a media request produced, in the units it is priced by (`image`,
   * `character`, `second`); the key names the flatCostsUsd / YAML price field.
   */
  units?: Record<string, number>;
  /** Set by accounting when the price is known. */
  costMicroUsd?: number;
  error?: GatewayError;
  /** The client went away before the response ended. */
  clientAborted: boolean;
  /** Per-hook scratch space (a reservation id, timers), keyed by hook name. */
  scratch: Record<string, unknown>;
}
