import { describe, expect, it } from '@jest/globals';
import { mapOpenAIModels } from './map-models.js';

describe('mapOpenAIModels', () => {
  it('maps the OpenAI list shape, which has no prices or context (PROVIDERS.md §1)', () => {
    const body = { object: 'list', data: [{ id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' }] };
    expect(mapOpenAIModels(body, 'openai')).toEqual([
      { id: 'gpt-4o', provider: 'openai', created: 1715367049, ownedBy: 'system', contextLength: undefined },
    ]);
  });

  it('reads context_length where a compatible server (vLLM) sends it, and accepts a bare array', () => {
    expect(mapOpenAIModels([{ id: 'qwen', context_length: 32768, owned_by: 'vllm' }], 'local')).toEqual([
      { id: 'qwen', provider: 'local', created: undefined, ownedBy: 'vllm', contextLength: 32768 },
    ]);
  });

  it('skips entries without a string id and survives odd bodies', () => {
    expect(mapOpenAIModels({ data: [{ id: 1 }, null, 'x', { id: 'ok' }] }, 'p').map((m) => m.id)).toEqual(['ok']);
    expect(mapOpenAIModels({ data: 'nope' }, 'p')).toEqual([]);
    expect(mapOpenAIModels(null, 'p')).toEqual([]);
  });
});
