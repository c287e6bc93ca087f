import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

@Module({
  imports: [HealthModule, RoutingModule],
  controllers: [MetricsController],
  providers: [MetricsService],
})
export class MetricsModule {}
