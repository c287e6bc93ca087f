import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GatewayError, InvalidRequestError, NoProviderAvailableError } from '../errors/gateway-error.js';
import { principalId, type Principal } from '../keys/principal.js';
import { runBatch } from './batch-runner.js';
import { GenerationJobs } from './generation-jobs.service.js';
import { GenerationProviders } from './generation-providers.service.js';
import { GenerationStorage } from './generation-storage.service.js';
import { GenerationStore } from './generation-store.service.js';
import { contentUrl, toGenerationView } from './generation-view.js';
import type { GenerationEntity } from './generation.entity.js';
import type { GenerationType, GenerationView } from './generation.types.js';
import { newGenerationRow, parseGenerationInput } from './generation-input.js';
import { chooseProvider } from './provider-choice.js';
import { SyncGenerations } from './sync-generations.service.js';

export interface GenerationOutcome {
  generation: GenerationView;
  /** True when the generation runs on as a job (REST answers 202). */
  accepted: boolean;
}

export interface BatchItemResult {
  index: number;
  status: GenerationView['status'] | 'skipped';
  generation: GenerationView | null;
  /** The item's own failure; rendered like any error of its transport. */
  error: GatewayError | null;
}

export interface BatchInput {
  items: unknown[];
  parallel?: boolean;
  continueOnError?: boolean;
}

export interface Caller {
  principal: Principal;
  requestId: string;
  /** Aborts when the client goes away (sync generations and job creation stop). */
  signal: AbortSignal;
}

const SYNC_TYPES: readonly GenerationType[] = ['text', 'image', 'tts'];
export const MAX_BATCH_ITEMS = 100;

/**
 * Typed generations for REST and GraphQL: choose the provider, answer sync
 * types in the request and start async ones as durable jobs, read them back.
 */
@Injectable()
export class GenerationsService {
  constructor(
    private readonly store: GenerationStore,
    private readonly jobs: GenerationJobs,
    private readonly providers: GenerationProviders,
    private readonly sync: SyncGenerations,
    private readonly storage: GenerationStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(caller: Caller, raw: unknown): Promise<GenerationOutcome> {
    const input = parseGenerationInput(raw, this.config.isProduction);
    const project = caller.principal.kind === 'key' ? caller.principal.key.ownerProject : null;
    const isSyncType = SYNC_TYPES.includes(input.type);
    const choice = chooseProvider(input, this.config.generations, project, this.providers.candidates(input.type), !isSyncType);
    const job = choice.provider ? this.providers.findAsync(input.type, choice.provider) : undefined;
    const base = newGenerationRow(input, principalId(caller.principal), project, Date.now());
    if (job) {
      if (job.disabledReason) throw new NoProviderAvailableError(job.disabledReason);
      const model = choice.model ?? job.defaultModel;
      if (!model) throw new InvalidRequestError(`model is required for provider "${job.id}".`, 'model');
      const now = Date.now();
      const started = await this.jobs.begin(
        { ...base, async: true, provider: job.id, model, deadlineAtMs: now + this.config.media.generationTimeoutMs },
        job,
        caller.signal,
      );
      return { generation: toGenerationView(started), accepted: true };
    }
    if (!isSyncType) {
      const known = this.providers.candidates(input.type).map((p) => p.id);
      throw new InvalidRequestError(
        `Provider "${choice.provider}" does not generate ${input.type}. Providers that do: ${known.join(', ') || 'none'}.`,
        'provider',
      );
    }
    if (!choice.model)
      throw new InvalidRequestError(
        `model is required for a ${input.type} generation (or set generations.defaults.${input.type} to "<provider>/<model>").`,
        'model',
      );
    return { generation: await this.runSync(caller, input.type, base, choice.provider, choice.model), accepted: false };
  }

  async batch(caller: Caller, input: BatchInput): Promise<BatchItemResult[]> {
    if (!Array.isArray(input.items) || input.items.length === 0 || input.items.length > MAX_BATCH_ITEMS) {
      throw new InvalidRequestError(`items must list 1 to ${MAX_BATCH_ITEMS} generations`, 'items');
    }
    const concurrency = input.parallel === false ? 1 : this.config.media.batchConcurrency;
    const outcomes = await runBatch(input.items, concurrency, input.continueOnError !== false, (item) => this.create(caller, item));
    return outcomes.map((outcome) => {
      if (outcome.status === 'fulfilled')
        return { index: outcome.index, status: outcome.value.generation.status, generation: outcome.value.generation, error: null };
      if (outcome.status === 'skipped') return { index: outcome.index, status: 'skipped', generation: null, error: null };
      if (!(outcome.error instanceof GatewayError)) throw outcome.error;
      return { index: outcome.index, status: 'failed', generation: null, error: outcome.error };
    });
  }

  async get(principal: Principal, id: string): Promise<GenerationView> {
    return toGenerationView(await this.ownedOrThrow(principal, id));
  }

  /** A stored output (image, speech, music) of a generation the caller owns. */
  async content(principal: Principal, id: string, index: number): Promise<{ stream: Readable; bytes: number; contentType: string }> {
    const row = await this.ownedOrThrow(principal, id);
    const outputs = (row.result?.outputs ?? []) as Array<{ url?: string; contentType?: string | null }>;
    const output = outputs[index];
    const stored = output?.url === contentUrl(id, index) ? this.storage.open(id, index) : undefined;
    if (!output || !stored) throw new GatewayError('not_found', `Generation ${id} has no stored output ${index}.`, 'index');
    return { ...stored, contentType: output.contentType ?? 'application/octet-stream' };
  }

  private async runSync(
    caller: Caller,
    type: GenerationType,
    base: GenerationEntity,
    provider: string | undefined,
    model: string,
  ): Promise<GenerationView> {
    const body = { ...base.config, model, ...(provider ? { provider } : {}) };
    try {
      const { result, ctx } = await this.sync.run({
        id: base.id,
        type: type as 'text' | 'image' | 'tts',
        body,
        principal: caller.principal,
        requestId: caller.requestId,
        signal: caller.signal,
      });
      const now = Date.now();
      const row: GenerationEntity = {
        ...base,
        status: 'succeeded',
        provider: ctx.provider ?? provider ?? '',
        model: ctx.model ?? model,
        progress: 100,
        result,
        costMicroUsd: ctx.costMicroUsd ?? null,
        updatedAtMs: now,
        completedAtMs: now,
      };
      await this.store.insert(row);
      return toGenerationView(row);
    } catch (error) {
      if (error instanceof GatewayError) {
        const now = Date.now();
        const failed = {
          ...base,
          status: 'failed' as const,
          provider: provider ?? '',
          model,
          error: { code: error.code, message: error.message },
          updatedAtMs: now,
          completedAtMs: now,
        };
        await this.store.insert(failed);
      }
      throw error;
    }
  }

  private async ownedOrThrow(principal: Principal, id: string): Promise<GenerationEntity> {
    const row = await this.store.find(id);
    // Another key's generation is reported as missing, not forbidden: ids are not to be probed.
    if (!row || (principal.kind === 'key' && row.principalId !== principal.key.id)) {
      throw new GatewayError('not_found', `Generation ${id} does not exist.`, 'id');
    }
    return row;
  }
}
