import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { dropRedisPrefix, testRedis, uniqueRedisPrefix } from '../../test/support/redis.js';
import type { ProviderRegistry } from '../providers/provider-registry.service.js';
import type { ModelInfo, TextProvider } from '../providers/provider.types.js';
import { ModelCatalogService } from './model-catalog.service.js';
import { LocalModelLists, RedisModelLists } from './shared-model-lists.js';

function countingProvider(id: string): TextProvider & { calls: number } {
  const provider = {
    id,
    calls: 0,
    disabledReason: undefined,
    async listModels(): Promise<ModelInfo[]> {
      provider.calls++;
      return [{ id: 'm1', provider: id }];
    },
  };
  return provider as unknown as TextProvider & { calls: number };
}

const registry = {} as ProviderRegistry;

describe('ModelCatalogService', () => {
  let redis: Redis;
  const prefix = uniqueRedisPrefix();

  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(async () => {
    await dropRedisPrefix(redis, prefix);
    redis.disconnect();
  });

  it('alone: fetches once, then serves hits from its own cache', async () => {
    const catalog = new ModelCatalogService(registry, new LocalModelLists());
    const provider = countingProvider('p');
    await catalog.list(provider);
    await catalog.list(provider);
    expect(provider.calls).toBe(1);
    expect(catalog.lookups()).toEqual([
      { provider: 'p', result: 'miss', count: 1 },
      { provider: 'p', result: 'hit', count: 1 },
    ]);
    expect(catalog.peek('p')).toEqual([{ id: 'm1', provider: 'p' }]);
  });

  it('with Redis: a list one instance fetched is served by another without an upstream call', async () => {
    const a = new ModelCatalogService(registry, new RedisModelLists(redis, prefix));
    const b = new ModelCatalogService(registry, new RedisModelLists(redis, prefix));
    const seenByA = countingProvider('shared-p');
    const seenByB = countingProvider('shared-p');
    expect(await a.list(seenByA)).toEqual([{ id: 'm1', provider: 'shared-p' }]);
    expect(await b.list(seenByB)).toEqual([{ id: 'm1', provider: 'shared-p' }]);
    expect([seenByA.calls, seenByB.calls]).toEqual([1, 0]);
    expect(b.lookups()).toEqual([{ provider: 'shared-p', result: 'shared', count: 1 }]);

    await a.invalidate('shared-p');
    const fresh = new ModelCatalogService(registry, new RedisModelLists(redis, prefix));
    await fresh.list(seenByB);
    expect(seenByB.calls).toBe(1);
  });

  it('falls back to the upstream when the shared layer fails', async () => {
    const broken = new RedisModelLists(redis, prefix);
    broken.get = async () => {
      throw new Error('redis down');
    };
    const catalog = new ModelCatalogService(registry, broken);
    const provider = countingProvider('q');
    expect(await catalog.list(provider)).toHaveLength(1);
    expect(provider.calls).toBe(1);
  });
});
