import type { Principal } from '../../keys/principal.js';

/**
 * The per-key request limit REST applies (rpm, via the throttler), applied once
 * per GraphQL operation and once when a subscription starts. Bound in
 * GraphqlModule to accounting's KeyRequestLimiter (the REST counter); token
 * limits and credits apply through the gateway's before-hooks.
 */
export const REQUEST_LIMITER = Symbol('REQUEST_LIMITER');

export interface RequestLimiter {
  /** Throws a GatewayError `rate_limited` (with retryAfterS) when the key is over its limit. */
  consume(principal: Principal, transport: 'http' | 'ws'): Promise<void>;
}
