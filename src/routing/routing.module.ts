import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { RedisService } from '../redis/redis.service.js';
import { CircuitStates } from './circuit-states.js';
import { GatewayHooks } from './gateway-hooks.js';
import { GatewayService } from './gateway.service.js';
import { ModelCatalogService } from './model-catalog.service.js';
import { ModelResolverService } from './model-resolver.service.js';
import { AttemptRunner } from './resilience/attempt-runner.service.js';
import { CircuitBreakerInterceptor } from './resilience/circuit-breaker.interceptor.js';
import { CIRCUIT_STORE, type CircuitStore } from './resilience/circuit-store.js';
import { CLOCK, RANDOM, systemClock, type Clock } from './resilience/clock.js';
import { ConcurrencyInterceptor } from './resilience/concurrency.interceptor.js';
import { KeyInterceptor } from './resilience/key.interceptor.js';
import { MemoryCircuitStore } from './resilience/memory-circuit-store.js';
import { RecordInterceptor } from './resilience/record.interceptor.js';
import { RedisCircuitStore } from './resilience/redis-circuit-store.js';
import { RetryInterceptor } from './resilience/retry.interceptor.js';
import { RoutePlanner } from './route-planner.service.js';

/** Circuits live in Redis when REDIS_URL is set (shared cooldowns), else in this process. */
function circuitStore(redis: RedisService, config: AppConfig, clock: Clock): CircuitStore {
  if (!redis.client) return new MemoryCircuitStore(clock);
  const store = new RedisCircuitStore(redis.client, config.redisPrefix, clock);
  store.start(redis.duplicate('circuits'));
  return store;
}
import { LocalModelLists, RedisModelLists, SHARED_MODEL_LISTS, type SharedModelLists } from './shared-model-lists.js';

@Module({
  imports: [ProvidersModule],
  providers: [
    GatewayService,
    GatewayHooks,
    ModelCatalogService,
    ModelResolverService,
    RoutePlanner,
    AttemptRunner,
    RetryInterceptor,
    RecordInterceptor,
    CircuitBreakerInterceptor,
    ConcurrencyInterceptor,
    KeyInterceptor,
    { provide: CLOCK, useValue: systemClock },
    { provide: RANDOM, useValue: Math.random },
    { provide: CIRCUIT_STORE, useFactory: circuitStore, inject: [RedisService, APP_CONFIG, CLOCK] },
    {
      // Health and metrics read circuit states from the breakers' own store.
      provide: CircuitStates,
      inject: [CIRCUIT_STORE],
      useFactory: (store: CircuitStore): CircuitStates => {
        const states = new CircuitStates();
        states.register({ stateOf: (providerId) => store.providerState(providerId) });
        return states;
      },
    },
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
