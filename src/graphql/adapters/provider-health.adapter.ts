import { Injectable } from '@nestjs/common';
import { filter } from 'rxjs';
import { HealthEvents } from '../../health/health-events.js';
import { ProviderHealthService } from '../../health/provider-health.service.js';
import type { ProviderHealthView } from '../../health/provider-health.types.js';
import { ProviderRegistry } from '../../providers/provider-registry.service.js';
import type { ProviderHealthSnapshot, ProviderHealthSource } from '../ports/provider-health.port.js';

/** The health module's view of one provider, as GraphQL shows it (plain JSON: it crosses Redis). */
export function healthSnapshot(view: ProviderHealthView): ProviderHealthSnapshot {
  return {
    provider: view.provider,
    status: view.status,
    circuit: view.circuit,
    latencyMs: view.latencyMs,
    errorRate: view.errorRate,
    usableKeys: view.keys ? view.keys.usable : null,
    lastError: view.lastError ? view.lastError.message : null,
    checkedAtMs: view.lastCheck ? Date.parse(view.lastCheck.at) : null,
  };
}

/**
 * `Provider.health` and the `providerHealth` subscription from the health module,
 * the same service as GET /api/v2/providers/health. Only changes this instance
 * saw itself are relayed: another instance's probe result reaches subscribers
 * through that instance's own publish on the shared PubSub, so relaying the
 * `shared` copy too would send each change once per instance.
 */
@Injectable()
export class ProviderHealthAdapter implements ProviderHealthSource {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly health: ProviderHealthService,
    private readonly events: HealthEvents,
  ) {}

  snapshot(providerId: string): ProviderHealthSnapshot | undefined {
    const provider = this.registry.findText(providerId);
    return provider ? healthSnapshot(this.health.view(provider)) : undefined;
  }

  onChange(listener: (snapshot: ProviderHealthSnapshot) => void): () => void {
    const subscription = this.events.changes
      .pipe(filter((change) => change.origin === 'local'))
      .subscribe((change) => listener(healthSnapshot(change.health)));
    return () => subscription.unsubscribe();
  }
}
