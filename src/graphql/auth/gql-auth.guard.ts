import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ForbiddenError } from '../../errors/gateway-error.js';
import { ApiKeysService } from '../../keys/api-keys.service.js';
import { ADMIN_ROUTE } from '../../keys/auth.decorators.js';
import type { GraphqlContext } from '../graphql-context.js';
import { REQUEST_LIMITER, type RequestLimiter } from '../ports/request-limiter.port.js';

/**
 * Every root field needs a key; @AdminOnly fields need the admin key. The key is
 * checked once per operation (and again for each subscription on a socket, so a
 * revoked key cannot start new ones), then the per-key request limit applies.
 */
@Injectable()
export class GqlAuthGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly reflector: Reflector,
    @Inject(REQUEST_LIMITER) private readonly limiter: RequestLimiter,
  ) {}

  /** Each resolver method's @AdminOnly, read from its decorators once instead of on every operation. */
  private readonly adminOnly = new WeakMap<object, boolean>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const ctx = GqlExecutionContext.create(context).getContext<GraphqlContext>();
    ctx.principal ??= this.keys.authenticate(ctx.authorization);
    const principal = await ctx.principal;
    ctx.authenticated = principal;
    if (this.isAdminOnly(context) && principal.kind !== 'admin') {
      const field = GqlExecutionContext.create(context).getInfo<{ fieldName: string }>().fieldName;
      throw new ForbiddenError(`${field} needs the admin key (SWITCHYARD_ADMIN_KEY).`);
    }
    ctx.limited ??= this.limiter.consume(principal, ctx.transport);
    await ctx.limited;
    return true;
  }

  private isAdminOnly(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let adminOnly = this.adminOnly.get(handler);
    if (adminOnly === undefined) {
      adminOnly = this.reflector.getAllAndOverride<boolean>(ADMIN_ROUTE, [handler, context.getClass()]) === true;
      this.adminOnly.set(handler, adminOnly);
    }
    return adminOnly;
  }
}
