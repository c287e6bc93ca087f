import { Inject, Injectable, Logger } from '@nestjs/common';
import { ProviderRegistry } from '../providers/provider-registry.service.js';
import type { ModelInfo, TextProvider } from '../providers/provider.types.js';
import { redactSecrets } from '../upstream/redact.js';
import { SHARED_MODEL_LISTS, type SharedModelLists } from './shared-model-lists.js';

interface CacheEntry {
  models?: ModelInfo[];
  fetchedAt: number;
  refreshing?: Promise<ModelInfo[]>;
  lastError?: string;
}

export interface ProviderModels {
  provider: string;
  models: ModelInfo[];
  error?: string;
}

/**
 * How a lookup was answered: `hit` fresh from this instance, `stale` served while
 * refreshing, `shared` loaded from another instance's fetch (Redis), `miss`
 * fetched from the upstream.
 */
export type CacheResult = 'hit' | 'stale' | 'shared' | 'miss';

export const MODEL_LIST_TTL_MS = 5 * 60_000;
const LIST_TIMEOUT_MS = 15_000;

/**
 * Model lists per provider, cached for five minutes. One refresh at a time per
 * provider; while a stale list exists it is served and refreshed behind the
 * caller, and the last good list survives a failed refresh. With REDIS_URL a
 * shared layer sits between this cache and the upstream.
 */
@Injectable()
export class ModelCatalogService {
  private readonly logger = new Logger(ModelCatalogService.name);
  private readonly cache = new Map<string, CacheEntry>();
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly registry: ProviderRegistry,
    @Inject(SHARED_MODEL_LISTS) private readonly shared: SharedModelLists,
  ) {}

  async list(provider: TextProvider, now = Date.now()): Promise<ModelInfo[]> {
    const entry = this.cache.get(provider.id) ?? { fetchedAt: 0 };
    this.cache.set(provider.id, entry);
    if (entry.models && now - entry.fetchedAt < MODEL_LIST_TTL_MS) {
      this.count(provider.id, 'hit');
      return entry.models;
    }
    const refresh = entry.refreshing ?? this.refresh(provider, entry);
    if (entry.models) {
      this.count(provider.id, 'stale');
      refresh.catch(() => undefined);
      return entry.models;
    }
    return refresh;
  }

  /** The cached list without fetching; undefined until the first fetch succeeded. */
  peek(providerId: string): ModelInfo[] | undefined {
    return this.cache.get(providerId)?.models;
  }

  /** Every enabled provider's list; a provider whose list fails is reported, not fatal. */
  async all(): Promise<ProviderModels[]> {
    const enabled = this.registry.textProviders().filter((p) => !p.disabledReason);
    return Promise.all(
      enabled.map(async (provider) => {
        try {
          return { provider: provider.id, models: await this.list(provider) };
        } catch (error) {
          return { provider: provider.id, models: [], error: (error as Error).message };
        }
      }),
    );
  }

  /** Enabled providers whose list has this exact model id. */
  async providersListing(modelId: string): Promise<TextProvider[]> {
    const lists = await this.all();
    return lists
      .filter((entry) => entry.models.some((model) => model.id === modelId))
      .map((entry) => this.registry.getTextOrThrow(entry.provider));
  }

  /** Drops the cached list here and in the shared layer so the next read fetches (GraphQL refreshModels, admin). */
  async invalidate(providerId?: string): Promise<void> {
    if (providerId) this.cache.delete(providerId);
    else this.cache.clear();
    await this.shared.delete(providerId).catch((error: unknown) => this.sharedFailed('drop', error));
  }

  /** Lookups so far by provider and result (the metrics endpoint reads them). */
  lookups(): Array<{ provider: string; result: CacheResult; count: number }> {
    return [...this.counts].map(([key, count]) => {
      const [provider, result] = key.split('\n') as [string, CacheResult];
      return { provider, result, count };
    });
  }

  private refresh(provider: TextProvider, entry: CacheEntry): Promise<ModelInfo[]> {
    entry.refreshing = this.load(provider)
      .then(({ models, fetchedAt }) => {
        entry.models = models;
        entry.fetchedAt = fetchedAt;
        entry.lastError = undefined;
        return models;
      })
      .catch((error: unknown) => {
        entry.lastError = redactSecrets((error as Error).message);
        this.logger.warn(`Model list refresh for ${provider.id} failed: ${entry.lastError}`);
        if (entry.models) return entry.models;
        throw error;
      })
      .finally(() => {
        entry.refreshing = undefined;
      });
    return entry.refreshing;
  }

  /** Another instance's fresh list when there is one, else the upstream's (then shared). */
  private async load(provider: TextProvider): Promise<{ models: ModelInfo[]; fetchedAt: number }> {
    const shared = await this.shared.get(provider.id).catch((error: unknown) => this.sharedFailed('read', error));
    if (shared && Date.now() - shared.fetchedAt < MODEL_LIST_TTL_MS) {
      this.count(provider.id, 'shared');
      return shared;
    }
    this.count(provider.id, 'miss');
    const models = await provider.listModels(AbortSignal.timeout(LIST_TIMEOUT_MS));
    const list = { models, fetchedAt: Date.now() };
    await this.shared.set(provider.id, list, MODEL_LIST_TTL_MS).catch((error: unknown) => this.sharedFailed('write', error));
    return list;
  }

  /** The shared layer is an optimisation: when Redis fails, each instance fetches for itself. */
  private sharedFailed(action: string, error: unknown): undefined {
    this.logger.warn(`Shared model list ${action} failed: ${(error as Error).message}`);
    return undefined;
  }

  private count(provider: string, result: CacheResult): void {
    const key = `${provider}\n${result}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}
