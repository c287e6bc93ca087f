import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import { GatewayHooks } from '../../routing/gateway-hooks.js';
import type { RequestContext } from '../../routing/request-context.js';
import { usageEventPayload } from '../mappers/usage-event.js';
import { PROVIDER_HEALTH, type ProviderHealthSource } from '../ports/provider-health.port.js';
import { GRAPHQL_PUB_SUB } from './pub-sub.provider.js';
import { Topics } from './topics.js';

/**
 * Publishes what subscriptions push and is not local to one request: every
 * finished request (an after-hook) and provider health changes (relayed from
 * the health module). With Redis, a dashboard on any instance
 * sees events from all of them. Generation updates travel on the generations
 * module's own channel (GenerationEvents).
 */
@Injectable()
export class LiveEventsPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveEventsPublisher.name);
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly hooks: GatewayHooks,
    private readonly topics: Topics,
    @Inject(GRAPHQL_PUB_SUB) private readonly pubSub: PubSubEngine,
    @Inject(PROVIDER_HEALTH) private readonly health: ProviderHealthSource,
  ) {}

  /**
   * At bootstrap, after every module's onModuleInit, so this after-hook runs after
   * the ones that settle the request (accounting sets ctx.costMicroUsd there).
   */
  onApplicationBootstrap(): void {
    this.hooks.register({ name: 'graphql-usage-events', afterRequest: (ctx) => this.publishUsage(ctx) });
    this.stops.push(this.health.onChange((snapshot) => this.publish(this.topics.providerHealth, snapshot)));
  }

  onApplicationShutdown(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private publishUsage(ctx: RequestContext): void {
    this.publish(this.topics.usageEvents, usageEventPayload(ctx, performance.now(), Date.now()));
  }

  /** Never on the request's critical path: a slow or failing Redis costs events, not latency. */
  private publish(topic: string, payload: unknown): void {
    this.pubSub
      .publish(topic, payload)
      .catch((error: unknown) => this.logger.warn(`Publishing on ${topic} failed: ${(error as Error).message}`));
  }
}
