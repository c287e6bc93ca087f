import { GatewayError } from '../../errors/gateway-error.js';

/** An operation of contract §7 whose serving module is not part of this build. */
export function notImplemented(operation: string, needs: string): GatewayError {
  return new GatewayError('not_implemented', `${operation} is not available in this build: it needs ${needs}.`);
}
