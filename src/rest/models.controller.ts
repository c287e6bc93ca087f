import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ModelNotFoundError } from '../errors/gateway-error.js';
import { ProviderRegistry } from '../providers/provider-registry.service.js';
import type { ModelInfo } from '../providers/provider.types.js';
import { ModelCatalogService } from '../routing/model-catalog.service.js';
import { ApiErrorResponses } from './api-error-responses.decorator.js';

function toWire(model: ModelInfo): Record<string, unknown> {
  return {
    id: `${model.provider}/${model.id}`,
    object: 'model',
    created: model.created ?? 0,
    owned_by: model.ownedBy ?? model.provider,
    provider: model.provider,
    context_length: model.contextLength ?? null,
    capabilities: model.capabilities ?? [],
    pricing: model.pricing ?? null,
  };
}

@ApiTags('OpenAI-compatible')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('v1/models')
export class ModelsController {
  constructor(
    private readonly catalog: ModelCatalogService,
    private readonly registry: ProviderRegistry,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Models of every enabled provider, ids prefixed with the provider; disabled providers say why' })
  async list(): Promise<Record<string, unknown>> {
    const lists = await this.catalog.all();
    return {
      object: 'list',
      data: lists.flatMap((entry) => entry.models.map(toWire)),
      providers: this.registry.textProviders().map((provider) => {
        const listed = lists.find((entry) => entry.provider === provider.id);
        return {
          id: provider.id,
          enabled: !provider.disabledReason,
          reason: provider.disabledReason ?? listed?.error ?? null,
        };
      }),
    };
  }

  @Get('*')
  // Swagger documents the wildcard as `{path}`, so it is read from the request: @Param('*') would add a second, undeclared `*` parameter.
  @ApiParam({ name: 'path', description: '"<provider>/<model-id>"', example: 'mock/echo' })
  @ApiOperation({ summary: 'One model, addressed as "<provider>/<model-id>"' })
  async get(@Req() request: FastifyRequest): Promise<Record<string, unknown>> {
    const id = (request.params as Record<string, string>)['*'];
    const slash = id.indexOf('/');
    const provider = slash > 0 ? this.registry.findText(id.slice(0, slash)) : undefined;
    if (!provider || provider.disabledReason) throw new ModelNotFoundError(id, provider?.disabledReason ?? '');
    const models = await this.catalog.list(provider);
    const model = models.find((m) => m.id === id.slice(slash + 1));
    if (!model) throw new ModelNotFoundError(id);
    return toWire(model);
  }
}
