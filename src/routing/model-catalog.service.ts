import { Injectable, Logger } from '@nestjs/common';
import { ProviderRegistry } from '../providers/provider-registry.service.js';
import type { ModelInfo, TextProvider } from '../providers/provider.types.js';
import { redactSecrets } from '../upstream/redact.js';

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

export const MODEL_LIST_TTL_MS = 5 * 60_000;
const LIST_TIMEOUT_MS = 15_000;

/**
 * Model lists per provider, cached for five minutes. One refresh at a time per
 * provider; while a stale list exists it is served and refreshed behind the
 * caller, and the last good list survives a failed refresh.
 */
@Injectable()
export class ModelCatalogService {
  private readonly logger = new Logger(ModelCatalogService.name);
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly registry: ProviderRegistry) {}

  async list(provider: TextProvider, now = Date.now()): Promise<ModelInfo[]> {
    const entry = this.cache.get(provider.id) ?? { fetchedAt: 0 };
    this.cache.set(provider.id, entry);
    if (entry.models && now - entry.fetchedAt < MODEL_LIST_TTL_MS) return entry.models;
    const refresh = entry.refreshing ?? this.refresh(provider, entry);
    if (entry.models) {
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

  /** Drops the cached list so the next read fetches (GraphQL refreshModels, admin). */
  invalidate(providerId?: string): void {
    if (providerId) this.cache.delete(providerId);
    else this.cache.clear();
  }

  private refresh(provider: TextProvider, entry: CacheEntry): Promise<ModelInfo[]> {
    entry.refreshing = provider
      .listModels(AbortSignal.timeout(LIST_TIMEOUT_MS))
      .then((models) => {
        entry.models = models;
        entry.fetchedAt = Date.now();
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
}
