import type { TextProvider } from '../providers/provider.types.js';
import type { RouteStrategy } from './resilience/candidate-order.js';

/** One place a request may be sent: a provider and the model id it knows. */
export interface RouteTarget {
  provider: TextProvider;
  model: string;
  weight?: number;
  tier?: number;
}

export interface ResolvedRoute {
  /** What the client asked for: an alias name or `<provider>/<model>`. */
  name: string;
  kind: 'direct' | 'alias' | 'bare';
  targets: RouteTarget[];
  /** How `targets` are ordered per request (aliases); `failover` when unset. */
  strategy?: RouteStrategy;
  /** Longer-context targets tried when a target answers `context_length_exceeded`. */
  contextFallback?: RouteTarget[];
  /** Route-level defaults (task routes): applied when the request leaves them unset. */
  defaults?: { temperature?: number; max_tokens?: number };
}
