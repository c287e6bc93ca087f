import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { RouteYaml } from '../config/yaml.schema.js';
import { InvalidRequestError, ModelNotFoundError } from '../errors/gateway-error.js';
import { ProviderRegistry } from '../providers/provider-registry.service.js';
import { ModelCatalogService } from './model-catalog.service.js';
import type { ResolvedRoute, RouteTarget } from './route-target.js';

/** Contract §2: prefix, `provider` field, alias, then a bare id listed by exactly one provider. */
@Injectable()
export class ModelResolverService {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly catalog: ModelCatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async resolve(model: unknown, providerField?: unknown): Promise<ResolvedRoute> {
    if (typeof model !== 'string' || model.length === 0) throw new InvalidRequestError('model must be a non-empty string', 'model');
    if (providerField !== undefined && typeof providerField === 'string') {
      const provider = this.registry.getTextOrThrow(providerField);
      return { name: `${provider.id}/${model}`, kind: 'direct', targets: [{ provider, model }] };
    }
    const slash = model.indexOf('/');
    if (slash > 0) {
      const provider = this.registry.findText(model.slice(0, slash));
      if (provider) return { name: model, kind: 'direct', targets: [{ provider, model: model.slice(slash + 1) }] };
    }
    const route = this.config.routes[model];
    if (route) return this.alias(model, route);
    const listing = await this.catalog.providersListing(model);
    if (listing.length === 1) return { name: `${listing[0].id}/${model}`, kind: 'bare', targets: [{ provider: listing[0], model }] };
    if (listing.length > 1) {
      throw new ModelNotFoundError(
        model,
        `It is listed by several providers (${listing.map((p) => p.id).join(', ')}); prefix it with one.`,
      );
    }
    throw new ModelNotFoundError(model);
  }

  private alias(name: string, route: RouteYaml): ResolvedRoute {
    const targets: RouteTarget[] = route.targets.map((target) => {
      const spec = typeof target === 'string' ? { model: target } : target;
      return { ...this.target(spec.model), weight: spec.weight, tier: spec.tier };
    });
    return {
      name,
      kind: 'alias',
      targets,
      strategy: route.strategy,
      contextFallback: route.contextFallback?.map((model) => this.target(model)),
      defaults: { temperature: route.temperature, max_tokens: route.maxTokens },
    };
  }

  /** `<provider>/<model>` from the config file (validated at boot). */
  private target(spec: string): RouteTarget {
    const slash = spec.indexOf('/');
    return { provider: this.registry.getTextOrThrow(spec.slice(0, slash)), model: spec.slice(slash + 1) };
  }
}
