import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { RedisService } from '../redis/redis.service.js';
import { CircuitStates } from './circuit-states.js';
import { GatewayHooks } from './gateway-hooks.js';
import { GatewayService } from './gateway.service.js';
import { ModelCatalogService } from './model-catalog.service.js';
import { ModelResolverService } from './model-resolver.service.js';
import { LocalModelLists, RedisModelLists, SHARED_MODEL_LISTS, type SharedModelLists } from './shared-model-lists.js';

@Module({
  imports: [ProvidersModule],
  providers: [
    GatewayService,
    GatewayHooks,
    ModelCatalogService,
    ModelResolverService,
    CircuitStates,
    {
      provide: SHARED_MODEL_LISTS,
      inject: [RedisService, APP_CONFIG],
      useFactory: (redis: RedisService, config: AppConfig): SharedModelLists =>
        redis.client ? new RedisModelLists(redis.client, config.redisPrefix) : new LocalModelLists(),
    },
  ],
  exports: [GatewayService, GatewayHooks, ModelCatalogService, ModelResolverService, CircuitStates, ProvidersModule],
})
export class RoutingModule {}
