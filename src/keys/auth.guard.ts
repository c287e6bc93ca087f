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

/** Global REST guard: every route needs a key unless @Public; @AdminOnly needs the admin key. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const principal = await this.keys.authenticate(Array.isArray(header) ? header[0] : header);
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ROUTE, targets) && principal.kind !== 'admin') {
      throw new ForbiddenError('This route needs the admin key (SWITCHYARD_ADMIN_KEY).');
    }
    request.principal = principal;
    return true;
  }
}
