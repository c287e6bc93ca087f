import { Inject, UseGuards } from '@nestjs/common';
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GatewayError, ProviderNotFoundError } from '../../errors/gateway-error.js';
import { AdminOnly } from '../../keys/auth.decorators.js';
import { ProviderRegistry, type RegisteredProvider } from '../../providers/provider-registry.service.js';
import type { ProviderType, TextProvider } from '../../providers/provider.types.js';
import { ModelCatalogService } from '../../routing/model-catalog.service.js';
import { GqlAuthGuard } from '../auth/gql-auth.guard.js';
import { modelView } from '../mappers/views.js';
import { ModelModel } from '../models/model.model.js';
import { CircuitState, ProviderHealthModel, ProviderStatus } from '../models/provider-health.model.js';
import { ProviderModel, ProviderTypeEnum } from '../models/provider.model.js';
import { PROVIDER_HEALTH, type ProviderHealthSnapshot, type ProviderHealthSource } from '../ports/provider-health.port.js';
import { UPSTREAM_CALL_COMPLEXITY } from './chat.resolver.js';

/** Lists have no page size; the estimate counts them as this many items. */
export const UNPAGED_LIST_SIZE = 20;
const listComplexity = ({ childComplexity }: { childComplexity: number }): number => 1 + childComplexity * UNPAGED_LIST_SIZE;

export function healthView(snapshot: ProviderHealthSnapshot): ProviderHealthModel {
  return {
    provider: snapshot.provider,
    status: snapshot.status as ProviderStatus,
    circuit: snapshot.circuit as CircuitState,
    latencyMs: snapshot.latencyMs,
    errorRate: snapshot.errorRate,
    usableKeys: snapshot.usableKeys,
    lastError: snapshot.lastError,
    checkedAt: snapshot.checkedAtMs === null ? null : new Date(snapshot.checkedAtMs),
  };
}

function providerView({ registration, instance }: RegisteredProvider): ProviderModel {
  const reason = (instance as { disabledReason?: unknown }).disabledReason;
  const metadata = registration.metadata;
  return {
    id: registration.id,
    type: registration.type as ProviderTypeEnum,
    description: metadata.description,
    enabled: typeof reason !== 'string',
    disabledReason: typeof reason === 'string' ? reason : null,
    capabilities: [...metadata.capabilities],
    docsUrl: metadata.docsUrl ?? null,
    async: metadata.async ?? false,
    flatCostsUsd: metadata.flatCostsUsd ?? null,
  };
}

/** Providers and models (GET /v1/models, /api/v2/providers), from the same registry and catalog as REST. */
@Resolver(() => ProviderModel)
@UseGuards(GqlAuthGuard)
export class CatalogResolver {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly catalog: ModelCatalogService,
    @Inject(PROVIDER_HEALTH) private readonly health: ProviderHealthSource,
  ) {}

  @Query(() => [ProviderModel], { description: 'Registered providers, optionally of one type.', complexity: listComplexity })
  providers(@Args('type', { type: () => ProviderTypeEnum, nullable: true }) type?: ProviderTypeEnum): ProviderModel[] {
    const types = type ? [type] : Object.values(ProviderTypeEnum);
    return types.flatMap((t) => this.registry.ofType(t as ProviderType)).map(providerView);
  }

  @Query(() => ProviderModel, { description: 'One provider; provider_not_found when no provider has this id.' })
  provider(@Args('id') id: string): ProviderModel {
    const found = Object.values(ProviderTypeEnum)
      .flatMap((t) => this.registry.ofType(t as ProviderType))
      .find((entry) => entry.registration.id === id);
    if (!found) throw new ProviderNotFoundError(id, this.registry.ids());
    return providerView(found);
  }

  @Query(() => [ModelModel], {
    description: 'Models of the enabled text providers (or of one), optionally only those with a capability.',
    complexity: listComplexity,
  })
  async models(
    @Args('provider', { nullable: true }) provider?: string,
    @Args('capability', { nullable: true }) capability?: string,
  ): Promise<ModelModel[]> {
    const providers = provider ? [this.enabledText(provider)] : this.registry.textProviders().filter((p) => !p.disabledReason);
    const lists = await Promise.all(
      providers.map(async (p) => (await this.catalog.list(p)).map((m) => modelView(m, this.capabilities(p)))),
    );
    const models = lists.flat();
    return capability ? models.filter((m) => m.capabilities.includes(capability)) : models;
  }

  @Mutation(() => [ModelModel], {
    description: 'Drops the cached model lists (of one provider, or all) and fetches them again. Admin only.',
    complexity: ({ childComplexity }) => UPSTREAM_CALL_COMPLEXITY + childComplexity * UNPAGED_LIST_SIZE,
  })
  @AdminOnly()
  async refreshModels(@Args('provider', { nullable: true }) provider?: string): Promise<ModelModel[]> {
    if (provider) this.enabledText(provider);
    await this.catalog.invalidate(provider);
    return this.models(provider);
  }

  @ResolveField('models', () => [ModelModel], {
    nullable: true,
    description: 'The models of an enabled text provider; null for others.',
    complexity: listComplexity,
  })
  async providerModels(@Parent() parent: ProviderModel): Promise<ModelModel[] | null> {
    const text = this.registry.findText(parent.id);
    if (!text || text.disabledReason) return null;
    return (await this.catalog.list(text)).map((m) => modelView(m, this.capabilities(text)));
  }

  @ResolveField('health', () => ProviderHealthModel, {
    nullable: true,
    description: 'Health and circuit state, as GET /api/v2/providers/health; null for providers it does not monitor (non-text).',
  })
  providerHealth(@Parent() parent: ProviderModel): ProviderHealthModel | null {
    if (parent.type !== ProviderTypeEnum.TEXT) return null;
    const snapshot = this.health.snapshot(parent.id);
    return snapshot ? healthView(snapshot) : null;
  }

  private enabledText(id: string): TextProvider {
    const provider = this.registry.getTextOrThrow(id);
    if (provider.disabledReason) throw new GatewayError('no_provider_available', provider.disabledReason);
    return provider;
  }

  private capabilities(provider: TextProvider): readonly string[] {
    return provider.registration.metadata.capabilities;
  }
}
