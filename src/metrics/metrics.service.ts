import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { ProviderHealthService } from '../health/provider-health.service.js';
import { InFlightRequests } from '../lifecycle/in-flight-requests.js';
import { GatewayHooks } from '../routing/gateway-hooks.js';
import { ModelCatalogService } from '../routing/model-catalog.service.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { registerHttpMetrics } from './http-metrics.js';
import { requestFacts } from './request-facts.js';
import { registerStateMetrics } from './state-metrics.js';

/** The Prometheus registry of this instance (its own, not prom-client's global one). */
@Injectable()
export class MetricsService implements OnModuleInit, OnApplicationBootstrap {
  readonly registry = new Registry();
  private readonly gateway: GatewayMetrics;

  constructor(
    private readonly hooks: GatewayHooks,
    private readonly adapterHost: HttpAdapterHost,
    health: ProviderHealthService,
    catalog: ModelCatalogService,
    inFlight: InFlightRequests,
  ) {
    // Process metrics, including nodejs_eventloop_lag_seconds and process_resident_memory_bytes.
    collectDefaultMetrics({ register: this.registry });
    this.gateway = new GatewayMetrics(this.registry);
    registerStateMetrics(this.registry, {
      health: () => health.views(),
      cacheLookups: () => catalog.lookups(),
      inFlight: () => inFlight.count,
    });
  }

  onModuleInit(): void {
    registerHttpMetrics(this.registry, this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  /** Registered after every module's init, so hooks that settle a request (cost) have run when this one reads it. */
  onApplicationBootstrap(): void {
    this.hooks.register({ name: 'metrics', afterRequest: (ctx) => this.gateway.observe(requestFacts(ctx, performance.now())) });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
