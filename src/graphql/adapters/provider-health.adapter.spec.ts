import { describe, expect, it } from '@jest/globals';
import { HealthEvents } from '../../health/health-events.js';
import type { ProviderHealthService } from '../../health/provider-health.service.js';
import type { ProviderHealthChange, ProviderHealthView } from '../../health/provider-health.types.js';
import type { ProviderRegistry } from '../../providers/provider-registry.service.js';
import type { ProviderHealthSnapshot } from '../ports/provider-health.port.js';
import { ProviderHealthAdapter } from './provider-health.adapter.js';

const VIEW: ProviderHealthView = {
  provider: 'together',
  type: 'text',
  status: 'down',
  enabled: true,
  disabledReason: null,
  latencyMs: 120,
  errorRate: 0.75,
  requests: 4,
  consecutiveFailures: 3,
  circuit: 'closed',
  keys: { usable: 1, total: 2 },
  lastError: { message: 'Upstream 500: boom', code: 'server', at: '2025-01-01T00:00:00.000Z', source: 'traffic' },
  lastCheck: { at: '2025-01-01T00:00:05.000Z', ok: false, latencyMs: 30, by: 'gw-b', error: 'boom' },
  probed: true,
};

const change = (origin: 'local' | 'shared'): ProviderHealthChange => ({
  provider: 'together',
  status: 'down',
  previous: 'degraded',
  at: '2025-01-01T00:00:06.000Z',
  instance: 'gw-a',
  origin,
  health: VIEW,
});

function setup(): { adapter: ProviderHealthAdapter; events: HealthEvents } {
  const registry = { findText: (id: string) => (id === 'together' ? { id } : undefined) } as unknown as ProviderRegistry;
  const health = { view: () => VIEW } as unknown as ProviderHealthService;
  const events = new HealthEvents();
  return { adapter: new ProviderHealthAdapter(registry, health, events), events };
}

describe('ProviderHealthAdapter', () => {
  it("maps the health module's view of a text provider, and nothing for others", () => {
    const { adapter } = setup();
    expect(adapter.snapshot('together')).toEqual({
      provider: 'together',
      status: 'down',
      circuit: 'closed',
      latencyMs: 120,
      errorRate: 0.75,
      usableKeys: 1,
      lastError: 'Upstream 500: boom',
      checkedAtMs: Date.parse('2025-01-01T00:00:05.000Z'),
    });
    expect(adapter.snapshot('together-video')).toBeUndefined();
  });

  it('relays only the changes this instance saw itself, until unsubscribed', () => {
    const { adapter, events } = setup();
    const seen: ProviderHealthSnapshot[] = [];
    const stop = adapter.onChange((snapshot) => seen.push(snapshot));
    events.publish(change('shared'));
    events.publish(change('local'));
    expect(seen).toEqual([expect.objectContaining({ provider: 'together', status: 'down' })]);
    stop();
    events.publish(change('local'));
    expect(seen).toHaveLength(1);
  });
});
