import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DatabaseHealthIndicator } from '../database/database.health.js';
import { Public } from '../keys/auth.decorators.js';
import { GracefulShutdownService } from '../lifecycle/graceful-shutdown.service.js';
import { RedisHealthIndicator } from '../redis/redis.health.js';
import { ProvidersHealthIndicator } from './providers.health.js';

/** Terminus liveness and readiness (contract §4); no key needed, for load balancers and orchestrators. */
@ApiTags('Health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly providers: ProvidersHealthIndicator,
    private readonly shutdown: GracefulShutdownService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers (nothing else is checked)' })
  live(): HealthCheckResult {
    const result = this.indicator.check('process').up({ instance: this.config.instanceId, uptimeS: Math.round(process.uptime()) });
    return { status: 'ok', info: result, error: {}, details: result };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: database, Redis (when configured) and providers; 503 while nothing can be served or the instance is shutting down',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    if (this.shutdown.draining) {
      void reply.status(503);
      return { status: 'shutting_down', info: {}, error: {}, details: {} };
    }
    try {
      return await this.health.check([
        () => this.database.check(),
        ...(this.redis.configured ? [() => this.redis.check()] : []),
        () => this.providers.check(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
