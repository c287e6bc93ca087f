import type { PriceYaml } from '../config/yaml.schema.js';
import type { Capability, ModelInfo, ProviderRegistration, ProviderType } from '../providers/provider.types.js';
import type { ProviderStatus } from './provider-health.types.js';

/** Every provider type, checked by the compiler against the ProviderType union. */
const TYPES: Record<ProviderType, true> = { text: true, image: true, tts: true, video: true, music: true };
export const PROVIDER_TYPES = Object.keys(TYPES) as ProviderType[];

export function isProviderType(value: string): value is ProviderType {
  return Object.hasOwn(TYPES, value);
}

export interface ModelCost {
  model: string;
  inputPerMTokUsd: number | null;
  outputPerMTokUsd: number | null;
  requestUsd: number | null;
  imageUsd: number | null;
  /** `config`: the prices section of the YAML file (what accounting charges); `provider`: the provider's own model list. */
  source: 'config' | 'provider';
}

export interface ProviderTypeEntry {
  id: string;
  type: ProviderType;
  description: string;
  features: Capability[];
  docsUrl: string | null;
  async: boolean;
  enabled: boolean;
  disabledReason: string | null;
  status: ProviderStatus;
  costs: { flatUsd: Record<string, number> | null; models: ModelCost[] };
}

export interface ProviderTypeInputs {
  registration: ProviderRegistration;
  disabledReason: string | undefined;
  status: ProviderStatus;
  prices: Record<string, PriceYaml>;
  /** The provider's model list when this instance has one cached (never fetched for this view). */
  cachedModels: ModelInfo[] | undefined;
}

/** One provider of a type with its features and what it costs: configured prices first, then the provider's own. */
export function providerTypeEntry(input: ProviderTypeInputs): ProviderTypeEntry {
  const { registration } = input;
  const prefix = `${registration.id}/`;
  const configured: ModelCost[] = Object.entries(input.prices)
    .filter(([model]) => model.startsWith(prefix))
    .map(([model, price]) => ({
      model: model.slice(prefix.length),
      inputPerMTokUsd: price.input ?? null,
      outputPerMTokUsd: price.output ?? null,
      requestUsd: price.request ?? null,
      imageUsd: price.image ?? null,
      source: 'config',
    }));
  const named = new Set(configured.map((cost) => cost.model));
  const listed: ModelCost[] = (input.cachedModels ?? [])
    .filter((model) => model.pricing && !named.has(model.id))
    .map((model) => ({
      model: model.id,
      inputPerMTokUsd: model.pricing?.inputPerMTokUsd ?? null,
      outputPerMTokUsd: model.pricing?.outputPerMTokUsd ?? null,
      requestUsd: model.pricing?.requestUsd ?? null,
      imageUsd: model.pricing?.imageUsd ?? null,
      source: 'provider',
    }));
  return {
    id: registration.id,
    type: registration.type,
    description: registration.metadata.description,
    features: registration.metadata.capabilities,
    docsUrl: registration.metadata.docsUrl ?? null,
    async: registration.metadata.async ?? false,
    enabled: input.disabledReason === undefined,
    disabledReason: input.disabledReason ?? null,
    status: input.status,
    costs: { flatUsd: registration.metadata.flatCostsUsd ?? null, models: [...configured, ...listed] },
  };
}
