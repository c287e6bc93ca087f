import { Injectable, Logger } from '@nestjs/common';
import type { RequestContext } from './request-context.js';

/** Cross-cutting work around every request (accounting, limits, metrics, events). */
export interface GatewayHook {
  readonly name: string;
  /** After the route is resolved, before any upstream call; throwing refuses the request. */
  beforeRequest?(ctx: RequestContext): Promise<void> | void;
  /**
   * Media requests only: a target has answered and `ctx.units` is set, before
   * the response starts (a streamed audio body sends its headers now, long
   * before afterRequest), so the cost can go out in the headers.
   */
  onServed?(ctx: RequestContext): Promise<void> | void;
  /**
   * Exactly once per request, when the outcome is known: before a JSON response
   * is sent, when a stream ends or fails, or when the client went away.
   */
  afterRequest?(ctx: RequestContext): Promise<void> | void;
}

/** Hooks register themselves at module init; the gateway runs them in registration order. */
@Injectable()
export class GatewayHooks {
  private readonly logger = new Logger(GatewayHooks.name);
  private readonly hooks: GatewayHook[] = [];

  register(hook: GatewayHook): void {
    this.hooks.push(hook);
  }

  // Most hooks answer synchronously; only a promise is awaited, which saves a
  // microtask turn per hook per request.
  async before(ctx: RequestContext): Promise<void> {
    for (const hook of this.hooks) {
      const pending = hook.beforeRequest?.(ctx);
      if (pending) await pending;
    }
  }

  /** Never throws: the upstream already answered, and the client's response stands. */
  async served(ctx: RequestContext): Promise<void> {
    for (const hook of this.hooks) {
      if (!hook.onServed) continue;
      try {
        await hook.onServed(ctx);
      } catch (error) {
        this.logger.error(`Hook ${hook.name} failed once request ${ctx.requestId} was served: ${(error as Error).message}`);
      }
    }
  }

  /** Never throws: a failing hook is logged, the client's response stands. */
  async after(ctx: RequestContext): Promise<void> {
    for (const hook of this.hooks) {
      if (!hook.afterRequest) continue;
      try {
        const pending = hook.afterRequest(ctx);
        if (pending) await pending;
      } catch (error) {
        this.logger.error(`Hook ${hook.name} failed after request ${ctx.requestId}: ${(error as Error).message}`);
      }
    }
  }
}
