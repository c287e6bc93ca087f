import { beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { ProviderRegistry } from '../providers/provider-registry.service.js';
import type { ModelInfo, TextProvider } from '../providers/provider.types.js';
import { MODEL_LIST_TTL_MS, ModelCatalogService } from './model-catalog.service.js';
import { LocalModelLists } from './shared-model-lists.js';

/** A provider whose model list answers from a queue of results, counting the fetches. */
class ListingProvider {
  fetches = 0;
  private readonly pending: Array<() => Promise<ModelInfo[]>> = [];

  constructor(
    readonly id: string,
    readonly disabledReason: string | undefined = undefined,
  ) {}

  answer(...ids: string[]): this {
    this.pending.push(async () => ids.map((id) => ({ id, provider: this.id })));
    return this;
  }

  fail(message: string): this {
    this.pending.push(async () => {
      throw new Error(message);
    });
    return this;
  }

  /** The next answer waits until the returned function is called. */
  hold(...ids: string[]): () => void {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.pending.push(async () => {
      await gate;
      return ids.map((id) => ({ id, provider: this.id }));
    });
    return release;
  }

  listModels(): Promise<ModelInfo[]> {
    this.fetches++;
    const next = this.pending.shift();
    if (!next) throw new Error(`unexpected model list fetch for ${this.id}`);
    return next();
  }
}

function catalogOf(...providers: ListingProvider[]): ModelCatalogService {
  const registry = {
    textProviders: () => providers,
    getTextOrThrow: (id: string) => providers.find((p) => p.id === id),
  };
  return new ModelCatalogService(registry as unknown as ProviderRegistry, new LocalModelLists());
}

const ids = (models: ModelInfo[]): string[] => models.map((m) => m.id);
const asText = (p: ListingProvider): TextProvider => p as unknown as TextProvider;
/** Lets queued promise callbacks (a background refresh) run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ModelCatalogService', () => {
  beforeAll(() => {
    // The catalog logs failed refreshes; they are expected here.
    Logger.overrideLogger(false);
  });

  it('fetches once and serves the cached list within the TTL', async () => {
    const provider = new ListingProvider('p').answer('a');
    const catalog = catalogOf(provider);
    const start = Date.now();
    expect(ids(await catalog.list(asText(provider), start))).toEqual(['a']);
    expect(ids(await catalog.list(asText(provider), start + MODEL_LIST_TTL_MS - 1000))).toEqual(['a']);
    expect(provider.fetches).toBe(1);
  });

  it('shares one in-flight fetch between concurrent readers', async () => {
    const provider = new ListingProvider('p');
    const release = provider.hold('a');
    const catalog = catalogOf(provider);
    const readers = [catalog.list(asText(provider)), catalog.list(asText(provider)), catalog.all()];
    release();
    const [first, second, all] = await Promise.all(readers);
    expect(ids(first as ModelInfo[])).toEqual(['a']);
    expect(ids(second as ModelInfo[])).toEqual(['a']);
    expect(all).toEqual([{ provider: 'p', models: [{ id: 'a', provider: 'p' }] }]);
    expect(provider.fetches).toBe(1);
  });

  it('after the TTL serves the stale list at once and refreshes behind the caller', async () => {
    const provider = new ListingProvider('p').answer('old');
    const catalog = catalogOf(provider);
    await catalog.list(asText(provider));
    const release = provider.hold('new');
    const later = Date.now() + MODEL_LIST_TTL_MS + 1;
    expect(ids(await catalog.list(asText(provider), later))).toEqual(['old']);
    expect(ids(await catalog.list(asText(provider), later))).toEqual(['old']);
    expect(provider.fetches).toBe(2);
    release();
    await settle();
    expect(ids(await catalog.list(asText(provider)))).toEqual(['new']);
    expect(provider.fetches).toBe(2);
  });

  it('keeps the last good list when a refresh fails, and tries again on the next read', async () => {
    const provider = new ListingProvider('p').answer('good').fail('upstream 500');
    const catalog = catalogOf(provider);
    await catalog.list(asText(provider));
    const later = Date.now() + MODEL_LIST_TTL_MS + 1;
    expect(ids(await catalog.list(asText(provider), later))).toEqual(['good']);
    await settle();
    expect(ids(await catalog.list(asText(provider)))).toEqual(['good']);
    expect(await catalog.all()).toEqual([{ provider: 'p', models: [{ id: 'good', provider: 'p' }] }]);
    provider.answer('better');
    expect(ids(await catalog.list(asText(provider), later))).toEqual(['good']);
    await settle();
    expect(ids(await catalog.list(asText(provider)))).toEqual(['better']);
    expect(provider.fetches).toBe(3);
  });

  it('with no list yet, a failure is reported per provider and not cached', async () => {
    const failing = new ListingProvider('bad').fail('upstream 500').answer('x');
    const fine = new ListingProvider('good').answer('y');
    const catalog = catalogOf(failing, fine);
    expect(await catalog.all()).toEqual([
      { provider: 'bad', models: [], error: 'upstream 500' },
      { provider: 'good', models: [{ id: 'y', provider: 'good' }] },
    ]);
    expect((await catalog.all())[0]).toEqual({ provider: 'bad', models: [{ id: 'x', provider: 'bad' }] });
    expect(failing.fetches).toBe(2);
  });

  it('never asks a disabled provider', async () => {
    const disabled = new ListingProvider('off', 'set OFF_API_KEY');
    const catalog = catalogOf(disabled, new ListingProvider('on').answer('m'));
    expect(await catalog.all()).toEqual([{ provider: 'on', models: [{ id: 'm', provider: 'on' }] }]);
    expect(disabled.fetches).toBe(0);
  });

  it('finds which enabled providers list a bare model id', async () => {
    const a = new ListingProvider('a').answer('shared', 'only-a');
    const b = new ListingProvider('b').answer('shared');
    const catalog = catalogOf(a, b);
    expect((await catalog.providersListing('only-a')).map((p) => p.id)).toEqual(['a']);
    expect((await catalog.providersListing('shared')).map((p) => p.id)).toEqual(['a', 'b']);
    expect(await catalog.providersListing('none')).toEqual([]);
  });

  it('invalidate drops a cached list so the next read fetches', async () => {
    const provider = new ListingProvider('p').answer('a').answer('b');
    const catalog = catalogOf(provider);
    await catalog.list(asText(provider));
    catalog.invalidate('p');
    expect(ids(await catalog.list(asText(provider)))).toEqual(['b']);
  });
});
