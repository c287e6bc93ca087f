import { describe, expect, it } from '@jest/globals';
import type { ProviderRegistration } from '../providers/provider.types.js';
import { unitPriceUsd, unitsCostMicroUsd } from './unit-pricing.js';

const openai: ProviderRegistration = {
  type: 'text',
  id: 'openai',
  metadata: { description: 'o', capabilities: ['images', 'speech'], flatCostsUsd: { image: 0.04, character: 0.000015 } },
};

describe('unit pricing', () => {
  it('prefers the YAML price of the model, then the flat cost of the provider', () => {
    const prices = { 'openai/gpt-image-1': { image: 0.167 } };
    expect(unitPriceUsd(prices, openai, 'gpt-image-1', 'image')).toBe(0.167);
    expect(unitPriceUsd(prices, openai, 'dall-e-3', 'image')).toBe(0.04);
    expect(unitPriceUsd(prices, openai, 'dall-e-3', 'second')).toBeUndefined();
  });

  it('costs units exactly in micro-USD, fractional unit prices included', () => {
    const price = (unit: string): number | undefined => ({ image: 0.04, character: 0.0000035 })[unit];
    expect(unitsCostMicroUsd({ image: 3 }, price)).toBe(120_000);
    expect(unitsCostMicroUsd({ character: 1001 }, price)).toBe(3504);
    expect(unitsCostMicroUsd({ image: 1, second: 5 }, price)).toBeUndefined();
    expect(unitsCostMicroUsd({}, price)).toBe(0);
  });
});
