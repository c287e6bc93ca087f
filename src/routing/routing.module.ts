import { Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module.js';
import { GatewayHooks } from './gateway-hooks.js';
import { GatewayService } from './gateway.service.js';
import { ModelCatalogService } from './model-catalog.service.js';
import { ModelResolverService } from './model-resolver.service.js';

@Module({
  imports: [ProvidersModule],
  providers: [GatewayService, GatewayHooks, ModelCatalogService, ModelResolverService],
  exports: [GatewayService, GatewayHooks, ModelCatalogService, ModelResolverService, ProvidersModule],
})
export class RoutingModule {}
