import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { isServable } from './derive-status.js';
import { ProviderHealthService } from './provider-health.service.js';

/**
 * Ready while at least one route can be served. A provider that is down, or a
 * configured route none of whose targets can be served, is reported and makes
 * the check `degraded` (still HTTP 200); only "nothing can be served" is down.
 */
@Injectable()
export class ProvidersHealthIndicator {
  constructor(
    private readonly health: ProviderHealthService,
    private readonly indicator: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  check(): HealthIndicatorResult<'providers'> {
    const enabled = this.health.views().filter((view) => view.enabled);
    const servable = new Set(enabled.filter((view) => isServable(view.status)).map((view) => view.provider));
    const unservableRoutes = Object.entries(this.config.routes)
      .filter(([, route]) => !route.targets.some((target) => servable.has(providerOf(target))))
      .map(([name]) => name);
    const data = {
      servable: [...servable],
      down: enabled.filter((view) => !servable.has(view.provider)).map((view) => view.provider),
      unservableRoutes,
      statuses: Object.fromEntries(enabled.map((view) => [view.provider, view.status])),
    };
    const session = this.indicator.check('providers');
    if (servable.size === 0) return session.down({ ...data, message: 'No enabled provider can serve requests.' });
    return data.down.length > 0 || unservableRoutes.length > 0 ? session.degraded(data) : session.up(data);
  }
}

function providerOf(target: string | { model: string }): string {
  const model = typeof target === 'string' ? target : target.model;
  return model.slice(0, model.indexOf('/'));
}
