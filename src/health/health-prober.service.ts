import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { TextProvider } from '../providers/provider.types.js';
import { redactSecrets } from '../upstream/redact.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { firstProbeDelay, nextProbeDelay } from './next-probe-delay.js';
import { PROBE_COORDINATOR, type ProbeCoordinator } from './probe-coordinator.js';
import type { ProbeResult } from './provider-health.types.js';
import { ProviderHealthService } from './provider-health.service.js';

/**
 * Active health: every interval (plus jitter) each probeable provider lists its
 * models, which costs no tokens. With a shared Redis only the instance holding
 * the probe lock calls the upstreams; the others apply the results it shares.
 */
@Injectable()
export class HealthProberService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HealthProberService.name);
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly health: ProviderHealthService,
    @Inject(PROBE_COORDINATOR) private readonly coordinator: ProbeCoordinator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { probeIntervalMs, probeJitterMs } = this.config.health;
    if (probeIntervalMs > 0) this.schedule(firstProbeDelay(probeIntervalMs, probeJitterMs));
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.stopping.abort();
    await this.running;
    await this.coordinator.release().catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        const { probeIntervalMs, probeJitterMs } = this.config.health;
        if (!this.stopping.signal.aborted) this.schedule(nextProbeDelay(probeIntervalMs, probeJitterMs));
      });
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    // Without the lock (Redis unreachable) each instance probes for itself rather than nobody probing.
    const mine = await this.coordinator.acquire().catch((error: unknown) => this.warn('acquire the probe lock', error) ?? true);
    if (mine) {
      const startedAt = Date.now();
      const results = await Promise.all(this.health.probeable().map((provider) => this.probe(provider)));
      if (this.stopping.signal.aborted) return;
      for (const result of results) this.health.applyProbe(result);
      await this.coordinator.finish(results, startedAt).catch((error: unknown) => this.warn('share probe results', error));
    } else {
      const results = await this.coordinator.shared().catch((error: unknown) => this.warn('read shared probe results', error) ?? []);
      for (const result of results) this.health.applyProbe(result);
    }
    this.health.recheckAll();
  }

  private warn(action: string, error: unknown): undefined {
    this.logger.warn(`Could not ${action}: ${redactSecrets((error as Error).message, this.config.secrets)}`);
    return undefined;
  }

  private async probe(provider: TextProvider): Promise<ProbeResult> {
    const started = performance.now();
    const base = { provider: provider.id, at: Date.now(), by: this.config.instanceId };
    try {
      await provider.listModels(AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.config.health.probeTimeoutMs)]));
      return { ...base, ok: true, latencyMs: elapsed(started) };
    } catch (error) {
      const code = error instanceof UpstreamFailure ? error.code : ((error as Error).name ?? 'error');
      const message = redactSecrets(`Model list probe failed: ${(error as Error).message}`, this.config.secrets);
      return { ...base, ok: false, latencyMs: elapsed(started), code, message };
    }
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
