import type { PriceCatalogService } from '../accounting/prices/price-catalog.service.js';
import type { AsyncGenerationProvider } from '../providers/async-generation.types.js';
import type { GenerationCharge } from './generation-billing.js';
import type { GenerationEntity } from './generation.entity.js';

/** The one method of accounting's price catalog a charge needs. */
export type UnitPrices = Pick<PriceCatalogService, 'unitsCost'>;

/**
 * The charge of a job, rebuilt from its row (so after a restart it is the same):
 * the estimate is the provider's billing units at accounting's unit prices
 * (YAML, then the provider's declared flat costs).
 */
export function chargeFor(job: GenerationEntity, provider: AsyncGenerationProvider | undefined, prices: UnitPrices): GenerationCharge {
  const model = job.model ?? '';
  const estimate = provider ? prices.unitsCost(provider.registration, model, provider.units(model, job.config)) : undefined;
  return {
    generationId: job.id,
    keyId: job.principalId === 'admin' ? null : job.principalId,
    type: job.type,
    provider: job.provider,
    model,
    estimateMicroUsd: estimate,
  };
}
