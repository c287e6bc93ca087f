import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PriceCatalogService } from '../accounting/prices/price-catalog.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { AsyncGenerationProvider, AsyncJobRef, AsyncJobStatus } from '../providers/async-generation.types.js';
import { finalError } from '../routing/final-error.js';
import { isTransient, UpstreamFailure } from '../upstream/upstream-failure.js';
import { GENERATION_BILLING, type GenerationBilling } from './generation-billing.js';
import { chargeFor } from './generation-charge.js';
import { GenerationEvents } from './generation-events.service.js';
import { GenerationProviders } from './generation-providers.service.js';
import { GenerationStorage } from './generation-storage.service.js';
import { GenerationStore } from './generation-store.service.js';
import { toGenerationView } from './generation-view.js';
import type { GenerationEntity } from './generation.entity.js';
import { nextPollDelayMs } from './poll-schedule.js';
import { storeOutputs } from './stored-outputs.js';
import { WebhookDeliveryService, type WebhookEventType } from './webhook-delivery.service.js';

const SWEEP_BATCH = 100;

/**
 * Drives async generations: create, then poll with backoff until the provider
 * finishes, the deadline passes or the job fails; bill once on success, refund
 * on failure. Each step first takes the job's lease in the database, so a job
 * is driven by one instance at a time and survives restarts: a sweep picks up
 * jobs whose lease lapsed (their instance died) and resumes them.
 */
@Injectable()
export class GenerationJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GenerationJobs.name);
  readonly instanceId = `inst_${randomUUID()}`;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly stepping = new Map<string, Promise<void>>();
  private sweeper: NodeJS.Timeout | undefined;
  /** Aborts in-flight upstream calls of jobs at shutdown; their jobs stay as they were, to be resumed. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly store: GenerationStore,
    private readonly providers: GenerationProviders,
    private readonly storage: GenerationStorage,
    private readonly events: GenerationEvents,
    private readonly webhooks: WebhookDeliveryService,
    @Inject(GENERATION_BILLING) private readonly billing: GenerationBilling,
    private readonly prices: PriceCatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = Math.min(15_000, Math.max(50, Math.floor(this.config.media.leaseMs / 2)));
    this.sweeper = setInterval(() => void this.sweep(), everyMs);
    void this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.sweeper);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.stepping.values()]);
    await this.store.release(this.instanceId).catch(() => undefined);
  }

  /**
   * Persists a new async generation (leased to this instance), reserves, asks
   * the provider to create the job and starts polling it. A failure refunds,
   * marks the job failed and is thrown as the client's error.
   */
  async begin(
    base: Omit<GenerationEntity, 'leaseOwner' | 'leaseUntilMs'>,
    provider: AsyncGenerationProvider,
    signal: AbortSignal,
  ): Promise<GenerationEntity> {
    const job: GenerationEntity = { ...base, leaseOwner: this.instanceId, leaseUntilMs: Date.now() + this.config.media.leaseMs };
    await this.store.insert(job);
    return this.leased(job.id, () => this.start(job, provider, signal));
  }

  private async start(job: GenerationEntity, provider: AsyncGenerationProvider, signal: AbortSignal): Promise<GenerationEntity> {
    const charge = chargeFor(job, provider, this.prices);
    try {
      await this.billing.reserve(charge);
      const created = await provider.create({ model: job.model as string, config: job.config, signal });
      const now = Date.now();
      const nextPollAtMs = now + nextPollDelayMs(0, this.config.media, undefined);
      const running: Partial<GenerationEntity> = {
        status: 'running',
        upstreamId: created.upstreamId,
        upstreamState: created.state,
        progress: created.progress ?? 0,
        nextPollAtMs,
        leaseUntilMs: nextPollAtMs + this.config.media.leaseMs,
      };
      if (!(await this.store.update(job.id, this.instanceId, running))) throw new Error(`lost the lease of ${job.id} while creating it`);
      const updated: GenerationEntity = { ...job, ...running, updatedAtMs: now };
      this.announce(updated, 'generation.running');
      this.schedule(job.id, nextPollAtMs);
      return updated;
    } catch (error) {
      if (this.stopping.signal.aborted) throw error;
      const failure = asGatewayError(error);
      await this.fail(job, provider, failure.code, failure.message);
      throw failure;
    }
  }

  private schedule(id: string, atMs: number): void {
    if (this.stopping.signal.aborted) return;
    clearTimeout(this.timers.get(id));
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        this.run(id);
      },
      Math.max(0, atMs - Date.now()),
    );
    this.timers.set(id, timer);
  }

  private run(id: string): void {
    if (this.stopping.signal.aborted || this.stepping.has(id)) return;
    const step = this.step(id)
      .catch((error: unknown) => this.logger.error(`Generation ${id}: ${(error as Error).message}`))
      .finally(() => this.stepping.delete(id));
    this.stepping.set(id, step);
  }

  private async sweep(): Promise<void> {
    try {
      for (const job of await this.store.claimable(Date.now(), SWEEP_BATCH)) {
        if (!this.timers.has(job.id) && !this.stepping.has(job.id)) this.schedule(job.id, job.nextPollAtMs ?? Date.now());
      }
    } catch (error) {
      this.logger.warn(`Generation sweep failed: ${(error as Error).message}`);
    }
  }

  /** Runs `work` while renewing this instance's lease on the job, so no other instance takes it meanwhile. */
  private async leased<T>(id: string, work: () => Promise<T>): Promise<T> {
    const leaseMs = this.config.media.leaseMs;
    const renew = setInterval(
      () => void this.store.update(id, this.instanceId, { leaseUntilMs: Date.now() + leaseMs }).catch(() => false),
      Math.max(10, leaseMs / 3),
    );
    try {
      return await work();
    } finally {
      clearInterval(renew);
    }
  }

  /** One move of one job, holding its lease. */
  private async step(id: string): Promise<void> {
    const job = await this.store.claim(id, this.instanceId, Date.now() + this.config.media.leaseMs, Date.now());
    if (job) await this.leased(id, () => this.move(job));
  }

  private async move(job: GenerationEntity): Promise<void> {
    // Each upstream call is bounded by the provider's own timeouts; shutdown aborts it.
    const signal = this.stopping.signal;
    const provider = this.providers.findAsync(job.type, job.provider);
    if (!provider) return this.fail(job, undefined, 'provider_not_found', `Provider "${job.provider}" is no longer registered.`);
    if (job.deadlineAtMs !== null && Date.now() > job.deadlineAtMs) {
      const limit = this.config.media.generationTimeoutMs;
      return this.fail(job, provider, 'upstream_timeout', `The generation did not finish within ${limit} ms; it was refunded.`);
    }
    // A job whose creation was interrupted (the instance died) is created now.
    if (job.status === 'queued' || job.upstreamId === null) {
      await this.start(job, provider, signal).catch(() => undefined);
      return;
    }
    await this.advance(job, provider, await this.poll(job, provider, signal), signal);
  }

  /** A poll; a transient failure (5xx, timeout, 429) counts as "still running" and is retried later. */
  private async poll(job: GenerationEntity, provider: AsyncGenerationProvider, signal: AbortSignal): Promise<AsyncJobStatus> {
    try {
      return await provider.poll(ref(job), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof UpstreamFailure && isTransient(error.kind)) {
        this.logger.warn(`Polling ${job.id} at ${provider.id} failed (${error.code}); retrying`);
        return { status: 'running', progress: job.progress, retryAfterMs: error.hints.retryAfterMs };
      }
      const failure = asGatewayError(error);
      return { status: 'failed', code: failure.code, message: failure.message };
    }
  }

  private async advance(
    job: GenerationEntity,
    provider: AsyncGenerationProvider,
    status: AsyncJobStatus,
    signal: AbortSignal,
  ): Promise<void> {
    if (status.status === 'failed') return this.fail(job, provider, status.code, status.message);
    if (status.status === 'succeeded') return this.succeed(job, provider, status, signal);
    const polls = job.polls + 1;
    const nextPollAtMs = Date.now() + nextPollDelayMs(polls, this.config.media, status.retryAfterMs);
    const progress = Math.max(job.progress, Math.min(99, Math.round(status.progress ?? job.progress)));
    const patch = { polls, progress, nextPollAtMs, leaseUntilMs: nextPollAtMs + this.config.media.leaseMs };
    if (!(await this.store.update(job.id, this.instanceId, patch))) return;
    if (progress !== job.progress) this.announce({ ...job, ...patch, updatedAtMs: Date.now() }, 'generation.running');
    this.schedule(job.id, nextPollAtMs);
  }

  private async succeed(
    job: GenerationEntity,
    provider: AsyncGenerationProvider,
    status: Extract<AsyncJobStatus, { status: 'succeeded' }>,
    signal: AbortSignal,
  ): Promise<void> {
    const outputs = await storeOutputs(this.storage, job.id, status.outputs);
    const charge = chargeFor(job, provider, this.prices);
    const costMicroUsd = status.costUsd !== undefined ? Math.round(status.costUsd * 1e6) : charge.estimateMicroUsd;
    // Settle before the transition: if this process dies in between, the next one settles again, which is a no-op.
    await this.billing.settle(charge, costMicroUsd);
    const result = { outputs, ...status.details };
    const patch: Partial<GenerationEntity> = {
      status: 'succeeded',
      progress: 100,
      result,
      error: null,
      costMicroUsd: costMicroUsd ?? null,
    };
    if (!(await this.store.finish(job.id, patch))) return;
    this.announce({ ...job, ...patch, updatedAtMs: Date.now(), completedAtMs: Date.now() }, 'generation.succeeded');
    await provider
      .release?.(ref(job), signal)
      .catch((error: Error) => this.logger.warn(`Releasing ${job.id} at ${provider.id} failed: ${error.message}`));
  }

  private async fail(job: GenerationEntity, provider: AsyncGenerationProvider | undefined, code: string, message: string): Promise<void> {
    await this.billing.refund(chargeFor(job, provider, this.prices));
    const patch: Partial<GenerationEntity> = { status: 'failed', error: { code, message }, costMicroUsd: 0 };
    if (!(await this.store.finish(job.id, patch))) return;
    this.announce({ ...job, ...patch, updatedAtMs: Date.now(), completedAtMs: Date.now() }, 'generation.failed');
  }

  private announce(job: GenerationEntity, type: WebhookEventType): void {
    const view = toGenerationView(job);
    this.events.publish(view);
    if (job.webhookUrl) this.webhooks.send(job.webhookUrl, type, view);
  }
}

function ref(job: GenerationEntity): AsyncJobRef {
  return { upstreamId: job.upstreamId as string, state: job.upstreamState ?? {}, model: job.model ?? '' };
}

function asGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof UpstreamFailure) return finalError(error, []);
  return new GatewayError('upstream_error', (error as Error).message);
}
