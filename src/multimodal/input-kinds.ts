import type { Capability, ModelInfo, ProviderRegistration } from '../providers/provider.types.js';

/** Non-text input a chat message may carry (PROVIDERS.md §0 content parts). */
export type InputKind = 'image' | 'file' | 'audio';

export interface InputKindSpec {
  /** The content part `type` that carries it. */
  part: 'image_url' | 'file' | 'input_audio';
  label: string;
  /** As model lists state it (`ModelInfo.capabilities`). */
  modelCapability: string;
  /** As provider registrations declare it. */
  providerCapability: Capability;
}

export const INPUT_KINDS: Record<InputKind, InputKindSpec> = {
  image: { part: 'image_url', label: 'image input (image_url parts)', modelCapability: 'vision', providerCapability: 'vision' },
  file: { part: 'file', label: 'file input (file parts, e.g. PDF)', modelCapability: 'file', providerCapability: 'files' },
  audio: { part: 'input_audio', label: 'audio input (input_audio parts)', modelCapability: 'audio', providerCapability: 'audio_input' },
};

/** Whether the model list speaks for `kind` model by model (then a model's list entry decides). */
export function listsKind(registration: ProviderRegistration, kind: InputKind): boolean {
  return (registration.metadata.listedCapabilities ?? []).includes(INPUT_KINDS[kind].modelCapability);
}

/**
 * Whether a provider's model can take `kind`: the provider must declare it;
 * where its model list states the capability per model, a listed model must
 * have it. A model the list does not know falls back to the provider.
 */
export function acceptsKind(registration: ProviderRegistration, kind: InputKind, model: ModelInfo | undefined): boolean {
  const spec = INPUT_KINDS[kind];
  if (!registration.metadata.capabilities.includes(spec.providerCapability)) return false;
  if (!model || !listsKind(registration, kind)) return true;
  return model.capabilities?.includes(spec.modelCapability) ?? false;
}

/** A model id's list entry: exact, else without a variant suffix (`openai/gpt-4o:nitro`, `x:featherless-ai`). */
export function findListed(models: readonly ModelInfo[], id: string): ModelInfo | undefined {
  const exact = models.find((model) => model.id === id);
  if (exact) return exact;
  const colon = id.lastIndexOf(':');
  return colon > 0 ? models.find((model) => model.id === id.slice(0, colon)) : undefined;
}
