import type { PriceYaml } from '../config/yaml.schema.js';
import { unitPriceUsd, unitsCostMicroUsd } from '../media/unit-pricing.js';
import type { AsyncGenerationProvider } from '../providers/async-generation.types.js';
import type { GenerationCharge } from './generation-billing.js';
import type { GenerationEntity } from './generation.entity.js';

/**
 * The charge of a job, rebuilt from its row (so after a restart it is the same):
 * the estimate is the provider's billing units at the YAML or declared unit price.
 */
export function chargeFor(
  job: GenerationEntity,
  provider: AsyncGenerationProvider | undefined,
  prices: Record<string, PriceYaml>,
): GenerationCharge {
  const model = job.model ?? '';
  const estimate = provider
    ? unitsCostMicroUsd(provider.units(model, job.config), (unit) => unitPriceUsd(prices, provider.registration, model, unit))
    : undefined;
  return {
    generationId: job.id,
    keyId: job.principalId === 'admin' ? null : job.principalId,
    type: job.type,
    provider: job.provider,
    model,
    estimateMicroUsd: estimate,
  };
}
