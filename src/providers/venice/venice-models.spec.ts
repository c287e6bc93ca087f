import { describe, expect, it } from '@jest/globals';
import { mapVeniceModels } from './venice-models.js';

/** Venice's GET /models (PROVIDERS.md §5): context, capabilities and prices live in model_spec. */
const BODY = {
  object: 'list',
  type: 'text',
  data: [
    {
      id: 'llama-3.3-70b',
      object: 'model',
      created: 1733768349,
      owned_by: 'venice.ai',
      type: 'text',
      context_length: 65536,
      model_spec: {
        availableContextTokens: 65536,
        maxCompletionTokens: 8192,
        name: 'Llama 3.3 70B',
        privacy: 'private',
        offline: false,
        capabilities: { supportsFunctionCalling: true, supportsVision: false, supportsWebSearch: true },
        pricing: { input: { usd: 0.7, diem: 0.7 }, output: { usd: 2.8, diem: 2.8 } },
      },
    },
    {
      id: 'mistral-31-24b',
      object: 'model',
      created: 1742262554,
      owned_by: 'venice.ai',
      type: 'text',
      model_spec: {
        availableContextTokens: 131072,
        capabilities: { supportsFunctionCalling: true, supportsVision: true },
        pricing: { input: { usd: 0.5, diem: 0.5 }, output: { usd: 2, diem: 2 } },
      },
    },
  ],
};

describe('mapVeniceModels', () => {
  it('reads context, capabilities and USD-per-million prices from model_spec', () => {
    expect(mapVeniceModels(BODY)).toEqual([
      {
        id: 'llama-3.3-70b',
        provider: 'venice',
        created: 1733768349,
        ownedBy: 'venice.ai',
        contextLength: 65536,
        capabilities: ['tools'],
        pricing: { inputPerMTokUsd: 0.7, outputPerMTokUsd: 2.8 },
      },
      {
        id: 'mistral-31-24b',
        provider: 'venice',
        created: 1742262554,
        ownedBy: 'venice.ai',
        contextLength: 131072,
        capabilities: ['tools', 'vision'],
        pricing: { inputPerMTokUsd: 0.5, outputPerMTokUsd: 2 },
      },
    ]);
  });

  it('leaves prices unknown for models priced per image, and tolerates a missing model_spec', () => {
    const models = mapVeniceModels({
      data: [{ id: 'flux-dev', type: 'image', model_spec: { pricing: { generation: { usd: 0.01 } } } }, { id: 'bare' }],
    });
    expect(models[0]).toMatchObject({
      id: 'flux-dev',
      capabilities: [],
      pricing: { inputPerMTokUsd: undefined, outputPerMTokUsd: undefined },
    });
    expect(models[1]).toMatchObject({ id: 'bare', contextLength: undefined, capabilities: [] });
  });

  it('returns nothing without a data array', () => {
    expect(mapVeniceModels({ error: 'Invalid request parameters' })).toEqual([]);
    expect(mapVeniceModels(null)).toEqual([]);
  });
});
