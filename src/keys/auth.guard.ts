import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '../errors/gateway-error.js';
import { ApiKeysService } from './api-keys.service.js';
import { ADMIN_ROUTE, PUBLIC_ROUTE } from './auth.decorators.js';
import type { Principal } from './principal.js';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

type RouteAccess = 'public' | 'key' | 'admin';

/** Global REST guard: every route needs a key unless @Public; @AdminOnly needs the admin key. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly reflector: Reflector,
  ) {}

  /** Each handler's access, read from its decorators once instead of on every request. */
  private readonly access = new WeakMap<object, Map<object, RouteAccess>>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.accessOf(context);
    if (access === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const principal = await this.keys.authenticate(Array.isArray(header) ? header[0] : header);
    if (access === 'admin' && principal.kind !== 'admin') {
      throw new ForbiddenError('This route needs the admin key (SWITCHYARD_ADMIN_KEY).');
    }
    request.principal = principal;
    return true;
  }

  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byClass = this.access.get(handler);
    if (!byClass) this.access.set(handler, (byClass = new Map()));
    let access = byClass.get(controller);
    if (access === undefined) {
      const targets = [handler, controller];
      access = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)
        ? 'public'
        : this.reflector.getAllAndOverride<boolean>(ADMIN_ROUTE, targets)
          ? 'admin'
          : 'key';
      byClass.set(controller, access);
    }
    return access;
  }
}
