import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GatewayError } from '../errors/gateway-error.js';
import { ProviderRegistry } from '../providers/provider-registry.service.js';
import { ApiErrorResponses } from '../rest/api-error-responses.decorator.js';
import { ModelCatalogService } from '../routing/model-catalog.service.js';
import { isServable } from './derive-status.js';
import { ProvidersHealthDto, ProviderTypeListDto } from './dto/provider-health.dto.js';
import { ProviderHealthService } from './provider-health.service.js';
import type { ProviderHealthView } from './provider-health.types.js';
import { PROVIDER_TYPES, isProviderType, providerTypeEntry, type ProviderTypeEntry } from './provider-type-view.js';

@ApiTags('Health')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api/v2/providers')
export class ProvidersHealthController {
  constructor(
    private readonly health: ProviderHealthService,
    private readonly registry: ProviderRegistry,
    private readonly catalog: ModelCatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('health')
  @ApiOperation({
    summary: 'Per provider: status, latency, error rate, circuit state, usable keys, last (sanitised) error and last probe',
  })
  @ApiOkResponse({ type: ProvidersHealthDto })
  providersHealth(): { status: string; instance: string; checkedAt: string; providers: ProviderHealthView[] } {
    const providers = this.health.views();
    const enabled = providers.filter((view) => view.enabled);
    const servable = enabled.filter((view) => isServable(view.status));
    const status = servable.length === 0 ? 'down' : servable.length < enabled.length ? 'degraded' : 'ok';
    return { status, instance: this.config.instanceId, checkedAt: new Date().toISOString(), providers };
  }

  @Get(':type')
  @ApiParam({ name: 'type', enum: PROVIDER_TYPES })
  @ApiOperation({ summary: 'Providers of a type (text, image, tts, video, music) with their features, costs and status' })
  @ApiOkResponse({ type: ProviderTypeListDto })
  byType(@Param('type') type: string): { object: 'list'; type: string; data: ProviderTypeEntry[] } {
    if (!isProviderType(type)) {
      throw new GatewayError('not_found', `Unknown provider type "${type}". Types: ${PROVIDER_TYPES.join(', ')}.`, 'type');
    }
    const views = new Map<string, ProviderHealthView>(this.health.views().map((view) => [view.provider, view]));
    const data = this.registry.ofType(type).map(({ registration, instance }) => {
      const disabledReason = (instance as { disabledReason?: string }).disabledReason;
      return providerTypeEntry({
        registration,
        disabledReason,
        status: views.get(registration.id)?.status ?? (disabledReason ? 'disabled' : 'unknown'),
        prices: this.config.prices,
        cachedModels: this.catalog.peek(registration.id),
      });
    });
    return { object: 'list', type, data };
  }
}
