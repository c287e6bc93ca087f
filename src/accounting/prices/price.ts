import type { PriceYaml } from '../../config/yaml.schema.js';
import type { ModelPricing } from '../../providers/provider.types.js';

/**
 * A price in integer micro-USD: token prices per million tokens, flat prices
 * per unit. USD per 1M tokens × 1e6 is exact for every price with at most six
 * decimals, which covers every published price list.
 */
export interface Price {
  inputPerMTok: number;
  outputPerMTok: number;
  request: number;
  image: number;
  /** Per second of generated audio or video. */
  second: number;
}

/** What a request consumed, as billed. */
export interface BillableUsage {
  promptTokens: number;
  completionTokens: number;
  images?: number;
  seconds?: number;
  /** Upstream calls that are charged per request; 1 unless a caller says otherwise. */
  requests?: number;
}

const toMicro = (usd: number | undefined): number => (usd === undefined || !Number.isFinite(usd) ? 0 : Math.round(usd * 1e6));

/** YAML `prices:` entries are USD per 1M tokens and USD per unit. */
export function priceFromYaml(yaml: PriceYaml): Price {
  return {
    inputPerMTok: toMicro(yaml.input),
    outputPerMTok: toMicro(yaml.output),
    request: toMicro(yaml.request),
    image: toMicro(yaml.image),
    second: toMicro(yaml.second),
  };
}

/** Model-list prices, already converted to USD per million by each provider's mapper; undefined when none is given. */
export function priceFromModelList(pricing: ModelPricing | undefined): Price | undefined {
  if (!pricing) return undefined;
  const fields = [pricing.inputPerMTokUsd, pricing.outputPerMTokUsd, pricing.requestUsd, pricing.imageUsd];
  if (fields.every((value) => value === undefined || !Number.isFinite(value))) return undefined;
  return {
    inputPerMTok: toMicro(pricing.inputPerMTokUsd),
    outputPerMTok: toMicro(pricing.outputPerMTokUsd),
    request: toMicro(pricing.requestUsd),
    image: toMicro(pricing.imageUsd),
    second: 0,
  };
}

/**
 * A provider's flat per-request cost (`flatCostsUsd.request`) as the price of a
 * token operation; undefined when it declares none. Its image, character and
 * second costs price media and generation jobs per unit (unit-price.ts): an
 * image price says nothing about what a chat completion costs.
 */
export function priceFromFlatCosts(flat: Record<string, number> | undefined): Price | undefined {
  if (flat?.request === undefined) return undefined;
  return { inputPerMTok: 0, outputPerMTok: 0, request: toMicro(flat.request), image: 0, second: 0 };
}

/**
 * Price × usage in micro-USD, summed exactly (in pico-USD, as BigInt) and
 * rounded once, half up, to the micro-dollar.
 */
export function costMicroUsd(price: Price, usage: BillableUsage): number {
  const pico =
    BigInt(Math.max(0, Math.round(usage.promptTokens))) * BigInt(price.inputPerMTok) +
    BigInt(Math.max(0, Math.round(usage.completionTokens))) * BigInt(price.outputPerMTok) +
    BigInt(Math.max(0, Math.round(usage.requests ?? 1))) * BigInt(price.request) * 1_000_000n +
    BigInt(Math.max(0, Math.round(usage.images ?? 0))) * BigInt(price.image) * 1_000_000n +
    // Seconds may be fractional: counted in milliseconds.
    BigInt(Math.max(0, Math.round((usage.seconds ?? 0) * 1000))) * BigInt(price.second) * 1_000n;
  return Number((pico + 500_000n) / 1_000_000n);
}
