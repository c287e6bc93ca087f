import { describe, expect, it } from '@jest/globals';
import { mapTogetherModels } from './together-models.js';

/** Together's GET /models is a bare array with numeric prices in USD per million tokens (PROVIDERS.md §3). */
const BODY = [
  {
    id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    object: 'model',
    created: 1733443200,
    type: 'chat',
    display_name: 'Meta Llama 3.3 70B Instruct Turbo',
    organization: 'Meta',
    context_length: 131072,
    pricing: { input: 0.88, output: 0.88, base: 0, finetune: 0, hourly: 0 },
  },
  {
    id: 'BAAI/bge-large-en-v1.5',
    object: 'model',
    created: 1700000000,
    type: 'embedding',
    organization: 'BAAI',
    context_length: 512,
    pricing: { input: 0.02, output: 0, base: 0, finetune: 0, hourly: 0 },
  },
];

describe('mapTogetherModels', () => {
  it('maps the bare array, keeping per-million prices and the model type', () => {
    expect(mapTogetherModels(BODY)).toEqual([
      {
        id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
        provider: 'together',
        created: 1733443200,
        ownedBy: 'Meta',
        contextLength: 131072,
        capabilities: ['chat'],
        pricing: { inputPerMTokUsd: 0.88, outputPerMTokUsd: 0.88 },
      },
      {
        id: 'BAAI/bge-large-en-v1.5',
        provider: 'together',
        created: 1700000000,
        ownedBy: 'BAAI',
        contextLength: 512,
        capabilities: ['embedding'],
        pricing: { inputPerMTokUsd: 0.02, outputPerMTokUsd: 0 },
      },
    ]);
  });

  it('skips items without an id and leaves absent fields undefined', () => {
    expect(mapTogetherModels([{ object: 'model' }, { id: 'a/b' }])).toEqual([
      {
        id: 'a/b',
        provider: 'together',
        created: undefined,
        ownedBy: undefined,
        contextLength: undefined,
        capabilities: undefined,
        pricing: { inputPerMTokUsd: undefined, outputPerMTokUsd: undefined },
      },
    ]);
  });

  it('returns nothing for a body that is not an array', () => {
    expect(mapTogetherModels({ error: { message: 'x' } })).toEqual([]);
    expect(mapTogetherModels(undefined)).toEqual([]);
  });
});
