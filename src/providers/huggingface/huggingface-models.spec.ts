import { describe, expect, it } from '@jest/globals';
import { mapHuggingFaceModels } from './huggingface-models.js';

/** The HF router's GET /v1/models (PROVIDERS.md §6): each model lists its serving providers. */
const BODY = {
  object: 'list',
  data: [
    {
      id: 'meta-llama/Llama-3.1-8B-Instruct',
      object: 'model',
      created: 1721606400,
      owned_by: 'meta-llama',
      architecture: { input_modalities: ['text'], output_modalities: ['text'] },
      providers: [
        { provider: 'novita', status: 'error', context_length: 16384, pricing: { input: 0.02, output: 0.05 } },
        { provider: 'featherless-ai', status: 'live', context_length: 16384, pricing: { input: 0.1, output: 0.1 }, supports_tools: false },
        { provider: 'together', status: 'live', context_length: 131072, pricing: { input: 0.18, output: 0.18 }, supports_tools: true },
      ],
    },
  ],
};

describe('mapHuggingFaceModels', () => {
  it("takes context and price from the first live provider, the router's default route", () => {
    expect(mapHuggingFaceModels(BODY)).toEqual([
      {
        id: 'meta-llama/Llama-3.1-8B-Instruct',
        provider: 'huggingface',
        created: 1721606400,
        ownedBy: 'meta-llama',
        contextLength: 16384,
        pricing: { inputPerMTokUsd: 0.1, outputPerMTokUsd: 0.1 },
      },
    ]);
  });

  it('falls back to the first provider when none is live, and to no price when there are none', () => {
    const models = mapHuggingFaceModels({
      data: [
        { id: 'a/staging', providers: [{ provider: 'x', status: 'staging', context_length: 4096, pricing: { input: 1, output: 2 } }] },
        { id: 'a/none', providers: [] },
        { id: 'a/unlisted' },
      ],
    });
    expect(models.map((m) => [m.id, m.contextLength, m.pricing])).toEqual([
      ['a/staging', 4096, { inputPerMTokUsd: 1, outputPerMTokUsd: 2 }],
      ['a/none', undefined, undefined],
      ['a/unlisted', undefined, undefined],
    ]);
  });

  it('returns nothing without a data array', () => {
    expect(mapHuggingFaceModels([])).toEqual([]);
    expect(mapHuggingFaceModels({ error: 'x' })).toEqual([]);
  });
});
