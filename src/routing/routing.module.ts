import { Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module.js';
import { GatewayService } from './gateway.service.js';
import { ModelCatalogService } from './model-catalog.service.js';
import { ModelResolverService } from './model-resolver.service.js';

@Module({
  imports: [ProvidersModule],
  providers: [GatewayService, ModelCatalogService, ModelResolverService],
  exports: [GatewayService, ModelCatalogService, ModelResolverService, ProvidersModule],
})
export class RoutingModule {}
