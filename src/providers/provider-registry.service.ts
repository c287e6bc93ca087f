import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ConfigError } from '../config/config-error.js';
import { ProviderNotFoundError } from '../errors/gateway-error.js';
import { UpstreamHttpService } from '../upstream/upstream-http.service.js';
import { OpenAICompatibleProvider } from './openai-compatible/openai-compatible.provider.js';
import { buildSettings } from './openai-compatible/provider-settings.js';
import type { ProviderRegistration, ProviderType, TextProvider } from './provider.types.js';
import { ProviderMarker } from './register-provider.decorator.js';

interface Bindable {
  bind(registration: ProviderRegistration, settings: ReturnType<typeof buildSettings>): void;
}

function isBindable(value: unknown): value is Bindable {
  return typeof (value as Partial<Bindable>)?.bind === 'function';
}

export interface RegisteredProvider {
  registration: ProviderRegistration;
  instance: unknown;
}

/**
 * Every class carrying @RegisterProvider, found once at start-up, plus the
 * `openai-compatible` providers declared in YAML. Duplicate ids stop the boot.
 */
@Injectable()
export class ProviderRegistry implements OnModuleInit {
  private readonly logger = new Logger(ProviderRegistry.name);
  private readonly byId = new Map<string, RegisteredProvider>();
  private text: TextProvider[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly http: UpstreamHttpService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: ProviderMarker.KEY })) {
      const registration = this.discovery.getMetadataByDecorator(ProviderMarker, wrapper);
      if (!registration || !wrapper.instance) continue;
      this.add(registration, wrapper.instance, true);
    }
    for (const id of this.config.yamlProviderIds) {
      const config = this.config.providerConfig(id);
      const registration: ProviderRegistration = {
        type: 'text',
        id,
        metadata: {
          description: config.description ?? `OpenAI-compatible server at ${config.baseUrl}`,
          capabilities: ['chat', 'completions', 'embeddings', 'streaming', 'model_list'],
        },
      };
      this.add(registration, new OpenAICompatibleProvider(this.http), false);
    }
    this.text = [...this.byId.values()]
      .filter((entry) => entry.registration.type === 'text')
      .map((entry) => entry.instance as TextProvider);
    const enabled = this.text.filter((provider) => !provider.disabledReason).map((provider) => provider.id);
    this.logger.log(`Providers: ${this.byId.size} registered, enabled: ${enabled.join(', ') || 'none'}`);
  }

  textProviders(): readonly TextProvider[] {
    return this.text;
  }

  findText(id: string): TextProvider | undefined {
    const entry = this.byId.get(id);
    return entry?.registration.type === 'text' ? (entry.instance as TextProvider) : undefined;
  }

  getTextOrThrow(id: string): TextProvider {
    const provider = this.findText(id);
    if (!provider)
      throw new ProviderNotFoundError(
        id,
        this.text.map((p) => p.id),
      );
    return provider;
  }

  ofType(type: ProviderType): RegisteredProvider[] {
    return [...this.byId.values()].filter((entry) => entry.registration.type === type);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  private add(registration: ProviderRegistration, instance: unknown, keyRequired: boolean): void {
    if (this.byId.has(registration.id)) {
      throw new ConfigError(`Invalid configuration: two providers claim the id "${registration.id}"; provider ids must be unique`);
    }
    if (isBindable(instance)) {
      const settings = buildSettings(this.config.providerConfig(registration.id), registration.metadata.defaultBaseUrl, keyRequired);
      instance.bind(registration, settings);
    }
    this.byId.set(registration.id, { registration, instance });
  }
}
