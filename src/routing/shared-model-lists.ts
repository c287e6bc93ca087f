import type { Redis } from 'ioredis';
import type { ModelInfo } from '../providers/provider.types.js';

export interface SharedModelList {
  models: ModelInfo[];
  /** Epoch ms when the upstream answered; freshness is judged from it on every instance. */
  fetchedAt: number;
}

/**
 * The second cache layer behind each instance's own: with REDIS_URL a list one
 * instance fetched is served by the others without another upstream call.
 */
export interface SharedModelLists {
  get(providerId: string): Promise<SharedModelList | undefined>;
  set(providerId: string, list: SharedModelList, ttlMs: number): Promise<void>;
  /** One provider's list, or every list when no id is given. */
  delete(providerId?: string): Promise<void>;
}

export const SHARED_MODEL_LISTS = Symbol('SHARED_MODEL_LISTS');

/** A single instance: its own cache is the only one. */
export class LocalModelLists implements SharedModelLists {
  async get(): Promise<SharedModelList | undefined> {
    return undefined;
  }

  async set(): Promise<void> {}

  async delete(): Promise<void> {}
}

/** One Redis hash, field per provider; the hash expires when no instance refreshes it. */
export class RedisModelLists implements SharedModelLists {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}models`;
  }

  async get(providerId: string): Promise<SharedModelList | undefined> {
    const raw = await this.redis.hget(this.key, providerId);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<SharedModelList>;
    return Array.isArray(parsed.models) && typeof parsed.fetchedAt === 'number' ? (parsed as SharedModelList) : undefined;
  }

  async set(providerId: string, list: SharedModelList, ttlMs: number): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key, providerId, JSON.stringify(list))
      .pexpire(this.key, ttlMs * 2)
      .exec();
  }

  async delete(providerId?: string): Promise<void> {
    if (providerId) await this.redis.hdel(this.key, providerId);
    else await this.redis.del(this.key);
  }
}
