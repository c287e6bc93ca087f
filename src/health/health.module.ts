import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DatabaseModule } from '../database/database.module.js';
import { RedisService } from '../redis/redis.service.js';
import { RoutingModule } from '../routing/routing.module.js';
import { HealthEvents } from './health-events.js';
import { HealthController } from './health.controller.js';
import { HealthProberService } from './health-prober.service.js';
import { LocalProbeCoordinator, PROBE_COORDINATOR, RedisProbeCoordinator, type ProbeCoordinator } from './probe-coordinator.js';
import { ProviderHealthService } from './provider-health.service.js';
import { ProvidersHealthController } from './providers-health.controller.js';
import { ProvidersHealthIndicator } from './providers.health.js';

/**
 * Provider health (passive and active), Terminus endpoints, and HealthEvents for
 * subscribers. Terminus does not log: a load balancer polls readiness every few
 * seconds, so provider status changes are logged once each instead.
 */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), DatabaseModule, RoutingModule],
  controllers: [HealthController, ProvidersHealthController],
  providers: [
    HealthEvents,
    ProviderHealthService,
    ProvidersHealthIndicator,
    HealthProberService,
    {
      provide: PROBE_COORDINATOR,
      inject: [RedisService, APP_CONFIG],
      useFactory: (redis: RedisService, config: AppConfig): ProbeCoordinator =>
        redis.client
          ? new RedisProbeCoordinator(redis.client, {
              prefix: config.redisPrefix,
              instanceId: config.instanceId,
              intervalMs: config.health.probeIntervalMs,
              timeoutMs: config.health.probeTimeoutMs,
            })
          : new LocalProbeCoordinator(),
    },
  ],
  exports: [HealthEvents, ProviderHealthService, ProvidersHealthIndicator],
})
export class HealthModule {}
