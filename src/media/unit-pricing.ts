import type { PriceYaml } from '../config/yaml.schema.js';
import type { ProviderRegistration } from '../providers/provider.types.js';

/** Units a media request is priced by; each names a YAML price field and a flatCostsUsd key. */
export type PricedUnit = 'image' | 'character' | 'second' | 'request';

/**
 * USD per unit for one provider/model: the YAML `prices."<provider>/<model>"`
 * entry first (operators know their contract), then the provider's declared
 * flat cost. Undefined when neither knows it.
 */
export function unitPriceUsd(
  prices: Record<string, PriceYaml>,
  registration: ProviderRegistration,
  model: string,
  unit: string,
): number | undefined {
  const configured = prices[`${registration.id}/${model}`]?.[unit as keyof PriceYaml];
  return configured ?? registration.metadata.flatCostsUsd?.[unit];
}

/** Σ units × unit price in integer micro-USD, or undefined when a unit has no known price. */
export function unitsCostMicroUsd(units: Record<string, number>, priceOf: (unit: string) => number | undefined): number | undefined {
  let microUsd = 0;
  for (const [unit, count] of Object.entries(units)) {
    const price = priceOf(unit);
    if (price === undefined) return undefined;
    microUsd += price * 1e6 * count;
  }
  return Math.round(microUsd);
}
