import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/**
 * Pub/sub channels of events that are not local to one request. Prefixed like
 * every Redis name, so deployments sharing a Redis do not see each other's events.
 * Payloads are plain JSON (they cross Redis).
 */
@Injectable()
export class Topics {
  /** Each finished request: UsageEventPayload. */
  readonly usageEvents: string;
  /** Each provider health or circuit change: ProviderHealthSnapshot. */
  readonly providerHealth: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.usageEvents = `${config.redisPrefix}graphql:usage-events`;
    this.providerHealth = `${config.redisPrefix}graphql:provider-health`;
  }
}
