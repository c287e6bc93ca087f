import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { ModelInfo, ModelPricing, ProviderRegistration, TextProvider } from '../../providers/provider.types.js';
import { ModelCatalogService } from '../../routing/model-catalog.service.js';
import { priceFromFlatCosts, priceFromModelList, priceFromYaml, type Price } from './price.js';
import { unitPriceUsd, unitsCostMicroUsd } from './unit-price.js';

export type PriceSource = 'config' | 'provider-list' | 'provider-flat';

export interface PriceQuote {
  price: Price;
  source: PriceSource;
}

/**
 * Where a price comes from, first match wins: the YAML `prices:` entry for
 * `<provider>/<model>` (then `<provider>/*`), the provider's own model list
 * (OpenRouter, Together, Venice and the HF router publish prices), then a
 * flat per-request cost the provider declares. No match means unknown, never zero.
 * Media and generation jobs are priced per unit instead (image, character,
 * second, request): see `unitsCost`.
 */
@Injectable()
export class PriceCatalogService {
  private readonly configured = new Map<string, Price>();
  private readonly listIndex = new WeakMap<ModelInfo[], Map<string, ModelPricing | undefined>>();

  constructor(
    private readonly catalog: ModelCatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    for (const [name, yaml] of Object.entries(config.prices)) this.configured.set(name, priceFromYaml(yaml));
  }

  /**
   * `fetch` lets a missing model list be loaded (and so synced) now; without it
   * only a list already cached is read, so metering never calls an upstream.
   */
  async lookup(provider: TextProvider, model: string, fetch: boolean): Promise<PriceQuote | undefined> {
    const configured = this.configured.get(`${provider.id}/${model}`) ?? this.configured.get(`${provider.id}/*`);
    if (configured) return { price: configured, source: 'config' };
    if (this.config.accounting.priceSync) {
      const listed = priceFromModelList(await this.listedPricing(provider, model, fetch));
      if (listed) return { price: listed, source: 'provider-list' };
    }
    const flat = priceFromFlatCosts(provider.registration.metadata.flatCostsUsd);
    return flat ? { price: flat, source: 'provider-flat' } : undefined;
  }

  /** What these units cost at this provider/model in micro-USD; undefined when a unit has no price. */
  unitsCost(registration: ProviderRegistration, model: string, units: Record<string, number>): number | undefined {
    return unitsCostMicroUsd(units, (unit) => unitPriceUsd(this.config.prices, registration, model, unit));
  }

  private async listedPricing(provider: TextProvider, model: string, fetch: boolean): Promise<ModelPricing | undefined> {
    // Listing keeps the cached list fresh (a stale one is served and refreshed behind the caller).
    const models =
      fetch && !provider.disabledReason
        ? await this.catalog.list(provider).catch(() => this.catalog.peek(provider.id))
        : this.catalog.peek(provider.id);
    if (!models) return undefined;
    let index = this.listIndex.get(models);
    if (!index) {
      index = new Map(models.map((info) => [info.id, info.pricing]));
      this.listIndex.set(models, index);
    }
    return index.get(model);
  }
}
