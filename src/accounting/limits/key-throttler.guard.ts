import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ApiKeyEntity } from '../../keys/api-key.entity.js';
import type { AuthenticatedRequest } from '../../keys/auth.guard.js';

/** The minted key behind an HTTP request, once the AuthGuard (which runs first) has identified it. */
export function requestKey(context: ExecutionContext): ApiKeyEntity | undefined {
  if (context.getType() !== 'http') return undefined;
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  return principal?.kind === 'key' ? principal.key : undefined;
}

/**
 * Requests per minute per API key (`rpm`), counted across every route of the
 * key rather than per IP and route. Keys without `rpm`, the admin key and
 * public routes are not limited.
 */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !requestKey(context)?.rpm;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as unknown as AuthenticatedRequest).principal;
    return principal?.kind === 'key' ? principal.key.id : 'anonymous';
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return throttlerKey(name, tracker);
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw rpmExceeded(requestKey(context)?.rpm ?? null, detail.timeToBlockExpire);
  }
}

/** One counter per key and throttler, shared by REST (this guard) and GraphQL (KeyRequestLimiter). */
export function throttlerKey(throttlerName: string, keyId: string): string {
  return `${throttlerName}:${keyId}`;
}

export function rpmExceeded(rpm: number | null, retryAfterS: number): GatewayError {
  const error = new GatewayError(
    'rate_limited',
    `This API key is limited to ${rpm} requests per minute; retry after the Retry-After seconds.`,
  );
  error.retryAfterS = Math.max(1, retryAfterS);
  return error;
}
