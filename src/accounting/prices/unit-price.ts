import type { PriceYaml } from '../../config/yaml.schema.js';
import type { GatewayOperation, ProviderRegistration } from '../../providers/provider.types.js';

/** Units media and generation jobs are priced by; each names a YAML price field and a flatCostsUsd key. */
export type PricedUnit = 'image' | 'character' | 'second' | 'request';

/**
 * USD per unit for one provider/model: the YAML `prices."<provider>/<model>"`
 * entry (then `"<provider>/*"`) first, since operators know their contract,
 * then the provider's declared flat cost. Undefined when neither knows it.
 */
export function unitPriceUsd(
  prices: Record<string, PriceYaml>,
  registration: ProviderRegistration,
  model: string,
  unit: string,
): number | undefined {
  const field = unit as keyof PriceYaml;
  return (
    prices[`${registration.id}/${model}`]?.[field] ?? prices[`${registration.id}/*`]?.[field] ?? registration.metadata.flatCostsUsd?.[unit]
  );
}

/**
 * Σ units × unit price in integer micro-USD, or undefined when a unit has no
 * known price. Summed exactly in pico-USD (unit prices such as $0.0000035 per
 * character are not whole micro-dollars) and rounded once, half up.
 */
export function unitsCostMicroUsd(units: Record<string, number>, priceOf: (unit: string) => number | undefined): number | undefined {
  // In pico-USD × thousandths of a unit, so 1e9 of them make a micro-dollar.
  let scaled = 0n;
  for (const [unit, count] of Object.entries(units)) {
    const usd = priceOf(unit);
    if (usd === undefined || !Number.isFinite(usd)) return undefined;
    // Counts may be fractional (seconds): in thousandths.
    scaled += BigInt(Math.round(usd * 1e12)) * BigInt(Math.max(0, Math.round(count * 1000)));
  }
  return Number((scaled + 500_000_000n) / 1_000_000_000n);
}

const positiveInt = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

/**
 * The most a media request can produce, for the credit reservation: `n`
 * images (1 when unset), or every character of the speech input. Undefined
 * for operations priced by tokens.
 */
export function worstCaseUnits(operation: GatewayOperation, body: Record<string, unknown>): Record<string, number> | undefined {
  if (operation === 'images') return { image: positiveInt(body.n) ?? 1 };
  if (operation === 'speech') return { character: typeof body.input === 'string' ? body.input.length : 0 };
  return undefined;
}
