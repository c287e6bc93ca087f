import { describe, expect, it } from '@jest/globals';
import type { ProviderRegistration } from '../../providers/provider.types.js';
import { unitPriceUsd, unitsCostMicroUsd, worstCaseUnits } from './unit-price.js';

const openai: ProviderRegistration = {
  type: 'text',
  id: 'openai',
  metadata: { description: 'o', capabilities: ['images', 'speech'], flatCostsUsd: { image: 0.04, character: 0.000015 } },
};

describe('unit pricing', () => {
  it('prefers the YAML price of the model, then the provider-wide YAML price, then the flat cost of the provider', () => {
    const prices = { 'openai/gpt-image-1': { image: 0.167 }, 'openai/*': { second: 0.5 } };
    expect(unitPriceUsd(prices, openai, 'gpt-image-1', 'image')).toBe(0.167);
    expect(unitPriceUsd(prices, openai, 'gpt-image-1', 'character')).toBe(0.000015);
    expect(unitPriceUsd(prices, openai, 'dall-e-3', 'image')).toBe(0.04);
    expect(unitPriceUsd(prices, openai, 'dall-e-3', 'second')).toBe(0.5);
    expect(unitPriceUsd({}, openai, 'dall-e-3', 'second')).toBeUndefined();
  });

  it('costs units exactly in micro-USD, fractional unit prices and counts included', () => {
    const price = (unit: string): number | undefined => ({ image: 0.04, character: 0.0000035, second: 0.1 })[unit];
    expect(unitsCostMicroUsd({ image: 3 }, price)).toBe(120_000);
    expect(unitsCostMicroUsd({ character: 1001 }, price)).toBe(3504);
    expect(unitsCostMicroUsd({ character: 1 }, price)).toBe(4);
    expect(unitsCostMicroUsd({ second: 2.5 }, price)).toBe(250_000);
    expect(unitsCostMicroUsd({ image: 1, request: 5 }, price)).toBeUndefined();
    expect(unitsCostMicroUsd({}, price)).toBe(0);
  });

  it('reserves n images, or every character of the speech input', () => {
    expect(worstCaseUnits('images', { prompt: 'x', n: 3 })).toEqual({ image: 3 });
    expect(worstCaseUnits('images', { prompt: 'x' })).toEqual({ image: 1 });
    expect(worstCaseUnits('speech', { input: 'hello' })).toEqual({ character: 5 });
    expect(worstCaseUnits('chat', { messages: [] })).toBeUndefined();
  });
});
