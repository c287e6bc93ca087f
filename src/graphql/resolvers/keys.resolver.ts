import { Inject, UseGuards } from '@nestjs/common';
import { Args, Float, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { KeyAdminService } from '../../accounting/key-admin.service.js';
import { AdminOnly } from '../../keys/auth.decorators.js';
import { ApiKeysService } from '../../keys/api-keys.service.js';
import type { Principal } from '../../keys/principal.js';
import { CreateKeyDto } from '../../rest/dto/create-key.dto.js';
import { exactMicroUsd } from '../../rest/key-view.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { GqlAuthGuard } from '../auth/gql-auth.guard.js';
import { BodyValidator } from '../body-validator.service.js';
import { CreateApiKeyInput } from '../inputs/create-api-key.input.js';
import { apiKeyView } from '../mappers/views.js';
import { ApiKeyModel, MeModel, NewApiKeyModel, PrincipalKind } from '../models/api-key.model.js';
import { CREDITS, type Credits } from '../ports/credits.port.js';
import { UNPAGED_LIST_SIZE } from './catalog.resolver.js';

/** Key management (/admin/keys) through the same services as REST: ApiKeysService and accounting's KeyAdminService. */
@Resolver()
@UseGuards(GqlAuthGuard)
export class KeysResolver {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly admin: KeyAdminService,
    private readonly validator: BodyValidator,
    @Inject(CREDITS) private readonly credits: Credits,
  ) {}

  @Query(() => MeModel, { description: 'The calling key (its balance as stored now).' })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeModel> {
    if (principal.kind === 'admin') return { kind: PrincipalKind.ADMIN, key: null };
    return { kind: PrincipalKind.KEY, key: apiKeyView(await this.keys.getOrThrow(principal.key.id)) };
  }

  @Query(() => [ApiKeyModel], {
    description: 'Client keys, oldest first (GET /admin/keys). Admin only.',
    complexity: ({ childComplexity }) => 1 + childComplexity * UNPAGED_LIST_SIZE,
  })
  @AdminOnly()
  async apiKeys(@Args('includeRevoked', { defaultValue: false }) includeRevoked: boolean): Promise<ApiKeyModel[]> {
    return (await this.keys.list(includeRevoked)).map(apiKeyView);
  }

  @Mutation(() => NewApiKeyModel, { description: 'Mints a key (POST /admin/keys); the only time `key` is shown. Admin only.' })
  @AdminOnly()
  async createApiKey(@Args('input') input: CreateApiKeyInput): Promise<NewApiKeyModel> {
    const dto: Record<string, unknown> = Object.fromEntries(
      Object.entries(input).filter(([, value]) => value !== undefined && value !== null),
    );
    await this.validator.validate(CreateKeyDto, dto);
    // As POST /admin/keys: opening credits are the key's first ledger entry.
    const { entity, key } = await this.admin.create({
      name: input.name,
      creditsMicroUsd: input.creditsUsd == null ? undefined : exactMicroUsd(input.creditsUsd, 'creditsUsd', true),
      allowedModels: input.allowedModels,
      allowedProviders: input.allowedProviders,
      rpm: input.rpm,
      tpm: input.tpm,
      expiresAtMs: input.expiresAt ? Date.parse(input.expiresAt) : null,
      ownerUser: input.ownerUser,
      ownerTeam: input.ownerTeam,
      ownerProject: input.ownerProject,
    });
    return { ...apiKeyView(entity), key };
  }

  @Mutation(() => ApiKeyModel, { description: 'Revokes a key (DELETE /admin/keys/{id}). Admin only.' })
  @AdminOnly()
  async revokeApiKey(@Args('id', { type: () => ID }) id: string): Promise<ApiKeyModel> {
    return apiKeyView(await this.keys.revoke(id));
  }

  @Mutation(() => ApiKeyModel, {
    description: 'Adds credit in USD, negative to deduct (POST /admin/keys/{id}/credits). Admin only.',
  })
  @AdminOnly()
  async addCredits(
    @Args('keyId', { type: () => ID }) keyId: string,
    @Args('amountUsd', { type: () => Float }) amountUsd: number,
  ): Promise<ApiKeyModel> {
    return apiKeyView(await this.credits.add(keyId, exactMicroUsd(amountUsd, 'amountUsd')));
  }
}
