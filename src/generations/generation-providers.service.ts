import { Injectable } from '@nestjs/common';
import { MediaService } from '../media/media.service.js';
import { isAsyncGenerationProvider, type AsyncGenerationProvider } from '../providers/async-generation.types.js';
import { ProviderRegistry } from '../providers/provider-registry.service.js';
import type { ProviderRegistration, TextProvider } from '../providers/provider.types.js';
import type { GenerationType } from './generation.types.js';
import type { ProviderCandidate } from './provider-choice.js';

/** One provider of a generation type, as the registry metadata declares it (`GET /api/v2/providers/{type}`). */
export interface GenerationProviderInfo {
  type: GenerationType;
  id: string;
  async: boolean;
  enabled: boolean;
  disabledReason: string | null;
  description: string;
  capabilities: string[];
  /** USD per unit (`image`, `character`, `second`, `request`) where the provider charges that way. */
  flatCostsUsd: Record<string, number>;
  defaultModel: string | null;
  docsUrl: string | null;
}

function info(
  type: GenerationType,
  registration: ProviderRegistration,
  disabledReason: string | undefined,
  defaultModel?: string,
): GenerationProviderInfo {
  return {
    type,
    id: registration.id,
    async: registration.metadata.async === true,
    enabled: disabledReason === undefined,
    disabledReason: disabledReason ?? null,
    description: registration.metadata.description,
    capabilities: registration.metadata.capabilities,
    flatCostsUsd: registration.metadata.flatCostsUsd ?? {},
    defaultModel: defaultModel ?? null,
    docsUrl: registration.metadata.docsUrl ?? null,
  };
}

/**
 * The providers of each generation type: text providers that chat, generate
 * images or speak serve `text`, `image` and `tts` synchronously; providers
 * registered with that type and `async: true` run jobs.
 */
@Injectable()
export class GenerationProviders {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly media: MediaService,
  ) {}

  list(type: GenerationType): GenerationProviderInfo[] {
    const sync = this.syncProviders(type).map((p) => info(type, p.registration, p.disabledReason));
    const jobs = this.asyncProviders(type).map((p) => info(type, p.registration, p.disabledReason, p.defaultModel));
    return [...sync, ...jobs];
  }

  candidates(type: GenerationType): ProviderCandidate[] {
    return this.list(type).map((p) => ({ id: p.id, enabled: p.enabled }));
  }

  /** The async provider `id` of `type`, if there is one. */
  findAsync(type: GenerationType, id: string): AsyncGenerationProvider | undefined {
    return this.asyncProviders(type).find((p) => p.id === id);
  }

  private syncProviders(type: GenerationType): TextProvider[] {
    if (type === 'text') return this.registry.textProviders().filter((p) => p.supports('chat'));
    if (type === 'image') return this.media.capable('images');
    if (type === 'tts') return this.media.capable('speech');
    return [];
  }

  private asyncProviders(type: GenerationType): AsyncGenerationProvider[] {
    return this.registry
      .ofType(type)
      .map((entry) => entry.instance)
      .filter(isAsyncGenerationProvider);
  }
}
