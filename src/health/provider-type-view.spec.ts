import { describe, expect, it } from '@jest/globals';
import { isProviderType, providerTypeEntry, PROVIDER_TYPES } from './provider-type-view.js';

describe('providerTypeEntry', () => {
  const registration = {
    type: 'text' as const,
    id: 'together',
    metadata: {
      description: 'Together',
      capabilities: ['chat' as const, 'streaming' as const],
      docsUrl: 'https://docs',
      flatCostsUsd: { request: 0.001 },
    },
  };

  it('lists features and costs: configured prices first, then priced models of the cached list', () => {
    const entry = providerTypeEntry({
      registration,
      disabledReason: undefined,
      status: 'up',
      prices: { 'together/llama': { input: 0.5, output: 0.7 }, 'openai/gpt-4o': { input: 2.5 } },
      cachedModels: [
        { id: 'llama', provider: 'together', pricing: { inputPerMTokUsd: 9, outputPerMTokUsd: 9 } },
        { id: 'qwen', provider: 'together', pricing: { inputPerMTokUsd: 0.2, outputPerMTokUsd: 0.3 } },
        { id: 'free', provider: 'together' },
      ],
    });
    expect(entry).toMatchObject({
      id: 'together',
      features: ['chat', 'streaming'],
      docsUrl: 'https://docs',
      enabled: true,
      status: 'up',
      async: false,
    });
    expect(entry.costs.flatUsd).toEqual({ request: 0.001 });
    expect(entry.costs.models).toEqual([
      { model: 'llama', inputPerMTokUsd: 0.5, outputPerMTokUsd: 0.7, requestUsd: null, imageUsd: null, source: 'config' },
      { model: 'qwen', inputPerMTokUsd: 0.2, outputPerMTokUsd: 0.3, requestUsd: null, imageUsd: null, source: 'provider' },
    ]);
  });

  it('says why a provider is disabled', () => {
    const entry = providerTypeEntry({
      registration,
      disabledReason: 'set TOGETHER_API_KEY',
      status: 'disabled',
      prices: {},
      cachedModels: undefined,
    });
    expect(entry).toMatchObject({ enabled: false, disabledReason: 'set TOGETHER_API_KEY', costs: { models: [] } });
  });

  it('knows the provider types', () => {
    expect(PROVIDER_TYPES).toEqual(['text', 'image', 'tts', 'video', 'music']);
    expect(isProviderType('video')).toBe(true);
    expect(isProviderType('toString')).toBe(false);
  });
});
