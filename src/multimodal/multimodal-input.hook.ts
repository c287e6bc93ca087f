import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GatewayError, InvalidRequestError } from '../errors/gateway-error.js';
import { ProviderRegistry } from '../providers/provider-registry.service.js';
import type { ModelInfo, TextProvider } from '../providers/provider.types.js';
import { GatewayHooks, type GatewayHook } from '../routing/gateway-hooks.js';
import { ModelCatalogService } from '../routing/model-catalog.service.js';
import type { RequestContext } from '../routing/request-context.js';
import type { ResolvedRoute, RouteTarget } from '../routing/route-target.js';
import { scanMessages } from './content-parts.js';
import { acceptsKind, findListed, INPUT_KINDS, listsKind, type InputKind } from './input-kinds.js';

const NAMED_MODELS = 12;

/**
 * Chat requests carrying images, files or audio go only to targets that can
 * take them: the others are dropped from the route (so a failover chain skips
 * them), and when none is left the client gets a 400 naming models that can.
 * Inline payloads above the configured size are refused with a 413 first.
 */
@Injectable()
export class MultimodalInputHook implements GatewayHook, OnModuleInit {
  readonly name = 'multimodal-input';

  constructor(
    private readonly hooks: GatewayHooks,
    private readonly catalog: ModelCatalogService,
    private readonly registry: ProviderRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async beforeRequest(ctx: RequestContext): Promise<void> {
    if (ctx.operation !== 'chat' || !ctx.route) return;
    const scan = scanMessages(ctx.body.messages);
    const limit = this.config.media.inlineDataLimitBytes;
    const oversized = scan.inline.find((payload) => payload.bytes > limit);
    if (oversized) {
      throw new GatewayError(
        'payload_too_large',
        `${oversized.param} carries ${oversized.bytes} bytes of inline data; the limit is ${limit} bytes per part ` +
          '(SWITCHYARD_INLINE_DATA_LIMIT_BYTES). Send an https URL or an uploaded file id instead.',
        oversized.param,
      );
    }
    if (scan.kinds.size === 0) return;
    const kinds = [...scan.kinds];
    const able: RouteTarget[] = [];
    for (const target of ctx.route.targets) if (await this.accepts(target.provider, target.model, kinds)) able.push(target);
    if (able.length === 0) throw new InvalidRequestError(await this.refusal(ctx.route, kinds), 'messages');
    ctx.route.targets = able;
  }

  private async accepts(provider: TextProvider, modelId: string, kinds: InputKind[]): Promise<boolean> {
    const registration = provider.registration;
    if (!kinds.every((kind) => acceptsKind(registration, kind, undefined))) return false;
    // Only providers whose model list states the capability are asked for it, and only when enabled.
    if (provider.disabledReason || !kinds.some((kind) => listsKind(registration, kind))) return true;
    const model = findListed(await this.models(provider), modelId);
    return kinds.every((kind) => acceptsKind(registration, kind, model));
  }

  /** A cached list; a provider whose list cannot be read is judged by its registration alone. */
  private async models(provider: TextProvider): Promise<ModelInfo[]> {
    try {
      return await this.catalog.list(provider);
    } catch {
      return [];
    }
  }

  private async refusal(route: ResolvedRoute, kinds: InputKind[]): Promise<string> {
    const what = kinds.map((kind) => INPUT_KINDS[kind].label).join(' and ');
    const subject =
      route.kind === 'alias'
        ? `No target of route "${route.name}" (${route.targets.map((t) => `${t.provider.id}/${t.model}`).join(', ')}) accepts`
        : `Model "${route.name}" does not accept`;
    const models: string[] = [];
    const providers: string[] = [];
    for (const provider of this.registry.textProviders()) {
      if (provider.disabledReason || !kinds.every((kind) => acceptsKind(provider.registration, kind, undefined))) continue;
      if (!kinds.some((kind) => listsKind(provider.registration, kind))) {
        providers.push(provider.id);
        continue;
      }
      for (const model of await this.models(provider)) {
        if (kinds.every((kind) => acceptsKind(provider.registration, kind, model))) models.push(`${provider.id}/${model.id}`);
      }
    }
    const named =
      models.slice(0, NAMED_MODELS).join(', ') + (models.length > NAMED_MODELS ? ` and ${models.length - NAMED_MODELS} more` : '');
    const parts = [
      models.length > 0 ? `Models that do: ${named}.` : '',
      providers.length > 0 ? `Providers that do (for their models that support it): ${providers.join(', ')}.` : '',
    ].filter(Boolean);
    return `${subject} ${what}. ${parts.length > 0 ? parts.join(' ') : 'No enabled provider accepts it.'}`;
  }
}
