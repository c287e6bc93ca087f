import { describe, expect, it } from '@jest/globals';
import type { Capability, ModelInfo, ProviderRegistration } from '../providers/provider.types.js';
import { acceptsKind, findListed } from './input-kinds.js';

function registration(capabilities: Capability[], listedCapabilities?: string[]): ProviderRegistration {
  return { type: 'text', id: 'p', metadata: { description: 'p', capabilities, listedCapabilities } };
}

const model = (id: string, capabilities?: string[]): ModelInfo => ({ id, provider: 'p', capabilities });

describe('acceptsKind', () => {
  it('needs the provider to declare the capability', () => {
    expect(acceptsKind(registration(['chat']), 'image', undefined)).toBe(false);
    expect(acceptsKind(registration(['chat', 'vision']), 'image', undefined)).toBe(true);
    expect(acceptsKind(registration(['chat', 'vision']), 'file', undefined)).toBe(false);
    expect(acceptsKind(registration(['chat', 'audio_input']), 'audio', undefined)).toBe(true);
  });

  it('lets a list that states the capability decide per model', () => {
    const listed = registration(['chat', 'vision'], ['vision']);
    expect(acceptsKind(listed, 'image', model('a', ['vision']))).toBe(true);
    expect(acceptsKind(listed, 'image', model('b', []))).toBe(false);
    expect(acceptsKind(listed, 'image', model('c'))).toBe(false);
    // A model the list does not know is judged by the provider.
    expect(acceptsKind(listed, 'image', undefined)).toBe(true);
  });

  it('ignores model lists that do not state the capability', () => {
    expect(acceptsKind(registration(['chat', 'vision']), 'image', model('a', ['chat']))).toBe(true);
  });
});

describe('findListed', () => {
  const models = [model('openai/gpt-4o'), model('meta-llama/Llama-3.1-8B-Instruct')];

  it('matches exactly, then without a variant suffix', () => {
    expect(findListed(models, 'openai/gpt-4o')?.id).toBe('openai/gpt-4o');
    expect(findListed(models, 'openai/gpt-4o:nitro')?.id).toBe('openai/gpt-4o');
    expect(findListed(models, 'meta-llama/Llama-3.1-8B-Instruct:featherless-ai')?.id).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(findListed(models, 'openai/gpt-5')).toBeUndefined();
  });
});
