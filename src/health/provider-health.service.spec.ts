import { describe, expect, it } from '@jest/globals';
import { attempt, requestContext } from '../../test/support/request-context.js';
import type { AppConfig } from '../config/app-config.js';
import type { ProviderRegistry } from '../providers/provider-registry.service.js';
import type { TextProvider } from '../providers/provider.types.js';
import { CircuitStates, type CircuitState } from '../routing/circuit-states.js';
import { GatewayHooks } from '../routing/gateway-hooks.js';
import { KeyPool } from '../upstream/key-pool.js';
import { HealthEvents } from './health-events.js';
import { ProviderHealthService } from './provider-health.service.js';
import type { ProviderHealthChange } from './provider-health.types.js';

function provider(id: string, keys: string[] = ['k-123456'], disabledReason?: string): TextProvider {
  return {
    id,
    disabledReason,
    keyPool: new KeyPool(keys, id, 60_000),
    registration: { type: 'text', id, metadata: { description: id, capabilities: ['chat', 'model_list'] } },
  } as unknown as TextProvider;
}

function setup(providers: TextProvider[]): {
  health: ProviderHealthService;
  hooks: GatewayHooks;
  circuits: CircuitStates;
  changes: ProviderHealthChange[];
} {
  const registry = {
    textProviders: () => providers,
    findText: (id: string) => providers.find((p) => p.id === id),
  } as unknown as ProviderRegistry;
  const circuits = new CircuitStates();
  const events = new HealthEvents();
  const hooks = new GatewayHooks();
  const config = { instanceId: 'gw-a', secrets: ['k-123456'] } as unknown as AppConfig;
  const health = new ProviderHealthService(registry, circuits, events, hooks, config);
  const changes: ProviderHealthChange[] = [];
  events.changes.subscribe((change) => changes.push(change));
  health.onApplicationBootstrap();
  return { health, hooks, circuits, changes };
}

describe('ProviderHealthService', () => {
  it('learns from real traffic through the after-request hook and publishes each status change once', async () => {
    const { health, hooks, changes } = setup([provider('together')]);
    const failing = requestContext({ attempts: [attempt({ status: 500, code: 'server_error', outcome: 'server' })] });
    for (let i = 0; i < 3; i++) await hooks.after(failing);
    expect(health.views()[0]).toMatchObject({ status: 'down', consecutiveFailures: 3, errorRate: 1, requests: 3 });
    expect(changes.map((c) => [c.previous, c.status, c.origin, c.instance])).toEqual([
      ['unknown', 'degraded', 'local', 'gw-a'],
      ['degraded', 'down', 'local', 'gw-a'],
    ]);
    await hooks.after(requestContext({ attempts: [attempt()] }));
    expect(health.views()[0]).toMatchObject({ status: 'degraded', consecutiveFailures: 0, errorRate: 0.75 });
  });

  it("applies probe results, marking another instance's as shared", () => {
    const { health, changes } = setup([provider('together')]);
    health.applyProbe({
      provider: 'together',
      ok: false,
      at: 1,
      latencyMs: 2,
      by: 'gw-b',
      code: 'server',
      message: 'Model list probe failed',
    });
    expect(health.views()[0]).toMatchObject({ status: 'down', lastCheck: { ok: false, by: 'gw-b' }, lastError: { source: 'probe' } });
    health.applyProbe({ provider: 'together', ok: true, at: 2, latencyMs: 2, by: 'gw-a' });
    expect(changes.map((c) => [c.status, c.origin])).toEqual([
      ['down', 'shared'],
      ['up', 'local'],
    ]);
  });

  it('reads circuit states from whatever registered, and usable keys from the key pool', () => {
    const pool = provider('together', ['k-111111', 'k-222222']);
    const { health, circuits } = setup([pool, provider('venice', [], 'set VENICE_API_KEY')]);
    expect(health.views()[0]).toMatchObject({ circuit: 'closed', keys: { usable: 2, total: 2 }, status: 'unknown' });
    let state: CircuitState = 'open';
    circuits.register({ stateOf: (id) => (id === 'together' ? state : undefined) });
    expect(health.views()[0]).toMatchObject({ circuit: 'open', status: 'down' });
    state = 'half_open';
    expect(health.views()[0].status).toBe('degraded');
    pool.keyPool?.rest('together#1', Date.now() + 60_000);
    pool.keyPool?.rest('together#2', Date.now() + 60_000);
    state = 'closed';
    expect(health.views()[0]).toMatchObject({ keys: { usable: 0, total: 2 }, status: 'down' });
    expect(health.views()[1]).toMatchObject({ status: 'disabled', enabled: false, disabledReason: 'set VENICE_API_KEY' });
  });
});
