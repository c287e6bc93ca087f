import { describe, expect, it } from '@jest/globals';
import { mapOpenRouterModels } from './openrouter-models.js';

/** An item as OpenRouter's GET /models returns it (PROVIDERS.md §2): prices are strings in USD per token. */
const GPT_4O = {
  id: 'openai/gpt-4o',
  canonical_slug: 'openai/gpt-4o-2024-05-13',
  name: 'OpenAI: GPT-4o',
  created: 1715367049,
  description: 'GPT-4o',
  context_length: 128000,
  architecture: { input_modalities: ['text', 'image', 'file'], output_modalities: ['text'], tokenizer: 'GPT', instruct_type: null },
  pricing: { prompt: '0.0000025', completion: '0.00001', request: '0', image: '0.003613', web_search: '0', internal_reasoning: '0' },
  top_provider: { context_length: 128000, max_completion_tokens: 16384, is_moderated: true },
  per_request_limits: null,
  supported_parameters: ['tools', 'tool_choice', 'response_format', 'temperature', 'max_tokens'],
};

describe('mapOpenRouterModels', () => {
  it('turns per-token string prices into USD per million tokens', () => {
    const [model] = mapOpenRouterModels({ data: [GPT_4O] });
    expect(model).toEqual({
      id: 'openai/gpt-4o',
      provider: 'openrouter',
      created: 1715367049,
      contextLength: 128000,
      capabilities: ['vision', 'file', 'tools', 'response_format'],
      pricing: { inputPerMTokUsd: 2.5, outputPerMTokUsd: 10, requestUsd: 0, imageUsd: 0.003613 },
    });
  });

  it('keeps tiny prices exact instead of carrying float noise', () => {
    const [model] = mapOpenRouterModels({ data: [{ id: 'x/cheap', pricing: { prompt: '0.000000075', completion: '0.0000003' } }] });
    expect(model.pricing).toMatchObject({ inputPerMTokUsd: 0.075, outputPerMTokUsd: 0.3 });
  });

  it('reads "0" as free', () => {
    const [model] = mapOpenRouterModels({
      data: [{ id: 'meta-llama/llama-3.3-70b-instruct:free', pricing: { prompt: '0', completion: '0' } }],
    });
    expect(model.pricing).toMatchObject({ inputPerMTokUsd: 0, outputPerMTokUsd: 0 });
  });

  it('treats negative ("-1", variable-price routers) and non-numeric prices as unknown, never as a number', () => {
    const [model] = mapOpenRouterModels({
      data: [{ id: 'openrouter/auto', pricing: { prompt: '-1', completion: '-1', request: 'n/a', image: '-1' } }],
    });
    expect(model.pricing).toEqual({ inputPerMTokUsd: undefined, outputPerMTokUsd: undefined, requestUsd: undefined, imageUsd: undefined });
  });

  it('skips items without an id and tolerates missing sections', () => {
    const models = mapOpenRouterModels({ data: [{ name: 'no id' }, { id: 'bare/model' }, null] });
    expect(models).toEqual([
      {
        id: 'bare/model',
        provider: 'openrouter',
        created: undefined,
        contextLength: undefined,
        capabilities: [],
        pricing: { inputPerMTokUsd: undefined, outputPerMTokUsd: undefined, requestUsd: undefined, imageUsd: undefined },
      },
    ]);
  });

  it('returns nothing for a body without a data array', () => {
    expect(mapOpenRouterModels({ error: { code: 500 } })).toEqual([]);
    expect(mapOpenRouterModels(null)).toEqual([]);
    expect(mapOpenRouterModels([GPT_4O])).toEqual([]);
  });
});
