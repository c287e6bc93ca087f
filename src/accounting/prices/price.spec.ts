import { describe, expect, it } from '@jest/globals';
import { costMicroUsd, priceFromFlatCosts, priceFromModelList, priceFromYaml } from './price.js';

describe('price', () => {
  it('charges USD per million tokens as micro-USD per token, exactly', () => {
    const price = priceFromYaml({ input: 2.5, output: 10 });
    expect(costMicroUsd(price, { promptTokens: 4, completionTokens: 7 })).toBe(80);
    expect(costMicroUsd(price, { promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBe(12_500_000);
  });

  it('rounds the total once, half up, to the micro-dollar', () => {
    const price = priceFromYaml({ input: 0.15, output: 0.6 });
    // 3 × 0.15 + 1 × 0.6 = 1.05 µUSD → 1; 7 × 0.15 + 16 × 0.6 = 10.65 → 11; 1 × 0.5 → 1 (half up).
    expect(costMicroUsd(price, { promptTokens: 3, completionTokens: 1 })).toBe(1);
    expect(costMicroUsd(price, { promptTokens: 7, completionTokens: 16 })).toBe(11);
    expect(costMicroUsd(priceFromYaml({ input: 0.5 }), { promptTokens: 1, completionTokens: 0 })).toBe(1);
    expect(costMicroUsd(priceFromYaml({ input: 0.4 }), { promptTokens: 1, completionTokens: 0 })).toBe(0);
  });

  it('adds flat per-request, per-image and per-second units', () => {
    const price = priceFromYaml({ request: 0.01, image: 0.04, second: 0.002 });
    expect(costMicroUsd(price, { promptTokens: 0, completionTokens: 0, images: 2, seconds: 1.5 })).toBe(10_000 + 80_000 + 3_000);
    expect(costMicroUsd(price, { promptTokens: 0, completionTokens: 0, requests: 0 })).toBe(0);
  });

  it('stays exact where float arithmetic would drift', () => {
    const price = priceFromYaml({ input: 0.1, output: 0.2 });
    expect(costMicroUsd(price, { promptTokens: 3_000_000_000, completionTokens: 3_000_000_000 })).toBe(900_000_000);
  });

  it('reads model-list prices and treats a list without prices as unknown', () => {
    expect(priceFromModelList(undefined)).toBeUndefined();
    expect(priceFromModelList({})).toBeUndefined();
    expect(priceFromModelList({ inputPerMTokUsd: 0, outputPerMTokUsd: 0 })).toEqual({
      inputPerMTok: 0,
      outputPerMTok: 0,
      request: 0,
      image: 0,
      second: 0,
    });
    expect(priceFromModelList({ inputPerMTokUsd: 2.5, outputPerMTokUsd: 10, requestUsd: 0.001 })?.request).toBe(1000);
  });

  it('prices token operations by a flat per-request cost only, never by media unit costs', () => {
    expect(priceFromFlatCosts(undefined)).toBeUndefined();
    expect(priceFromFlatCosts({ image: 0.03, character: 0.00001 })).toBeUndefined();
    expect(priceFromFlatCosts({ request: 0.05, image: 0.03 })).toEqual({
      inputPerMTok: 0,
      outputPerMTok: 0,
      request: 50_000,
      image: 0,
      second: 0,
    });
  });
});
