import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GatewayError, InvalidRequestError } from '../errors/gateway-error.js';
import { ModelResolverService } from './model-resolver.service.js';
import { orderTargets, preferAvailable } from './resilience/candidate-order.js';
import { circuitKey } from './resilience/circuit-breaker.interceptor.js';
import { CIRCUIT_STORE, type CircuitStore } from './resilience/circuit-store.js';
import { WeightedRotation } from './resilience/weighted-rotation.js';
import type { ResolvedRoute, RouteTarget } from './route-target.js';

export interface PlanInput {
  body: Record<string, unknown>;
  pinnedProvider?: string;
  modelSuffix?: string;
}

export interface RoutePlan {
  /** `targets` in the order this request tries them. */
  route: ResolvedRoute;
  /** The body's `models` became gateway fallbacks, so the upstream must not see them. */
  stripModels: boolean;
}

/** OpenRouter does its own `models` fallbacks; for it the field passes through. */
const NATIVE_MODEL_FALLBACKS = 'openrouter';

/**
 * Turns what the client asked for into the ordered targets of one request:
 * the route's strategy (failover, priority tiers, weighted load balancing),
 * then OpenRouter-style `models: [...]` fallbacks for any provider, with
 * targets that cannot serve now (open circuit, every key resting) moved last.
 */
@Injectable()
export class RoutePlanner {
  private readonly rotation = new WeightedRotation();

  constructor(
    private readonly resolver: ModelResolverService,
    @Inject(CIRCUIT_STORE) private readonly circuits: CircuitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async plan(input: PlanInput): Promise<RoutePlan> {
    const { body } = input;
    if (input.pinnedProvider) {
      if (typeof body.model !== 'string' || !body.model) throw new InvalidRequestError('model must be a non-empty string', 'model');
      return { route: await this.resolver.resolve(body.model + (input.modelSuffix ?? ''), input.pinnedProvider), stripModels: false };
    }
    const route = await this.resolver.resolve(body.model, body.provider);
    const ordered = orderTargets(route.targets, route.strategy ?? 'failover', route.name, this.rotation);
    const fallbacks = await this.modelFallbacks(body.models, ordered);
    const targets = preferAvailable(dedupe([...ordered, ...fallbacks]), (target) => this.available(target));
    return { route: { ...route, targets }, stripModels: fallbacks.length > 0 || (body.models !== undefined && !this.native(ordered)) };
  }

  /** `models` entries addressed like `model` (contract §2), unless the route goes to OpenRouter, which reads them itself. */
  private async modelFallbacks(models: unknown, primary: RouteTarget[]): Promise<RouteTarget[]> {
    if (models === undefined || this.native(primary)) return [];
    if (!Array.isArray(models) || models.some((model) => typeof model !== 'string' || model === '')) {
      throw new InvalidRequestError('models must be a list of model names (fallbacks tried in order)', 'models');
    }
    const targets: RouteTarget[] = [];
    for (const [index, model] of (models as string[]).entries()) {
      try {
        targets.push(...(await this.resolver.resolve(model)).targets);
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        throw new GatewayError(error.code, `models[${index}]: ${error.message}`, 'models');
      }
    }
    return targets;
  }

  private native(primary: RouteTarget[]): boolean {
    return primary.length > 0 && primary.every((target) => target.provider.id === NATIVE_MODEL_FALLBACKS);
  }

  private available(target: RouteTarget): boolean {
    const pool = target.provider.keyPool;
    if (pool && pool.usableCount() === 0) return false;
    return !this.circuits.isOpen(circuitKey(target), this.config.resilience.policyFor(target.provider.id).circuit);
  }
}

function dedupe(targets: RouteTarget[]): RouteTarget[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = `${target.provider.id}/${target.model}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
