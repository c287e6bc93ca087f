import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { GatewayError, InvalidRequestError, NoProviderAvailableError } from '../errors/gateway-error.js';
import type { Principal } from '../keys/principal.js';
import type { ImageResponse, UpstreamBinaryResponse } from '../providers/media.types.js';
import { ProviderRegistry } from '../providers/provider-registry.service.js';
import type { Capability, GatewayOperation, TextProvider } from '../providers/provider.types.js';
import { finalError } from '../routing/final-error.js';
import { GatewayHooks } from '../routing/gateway-hooks.js';
import { ModelResolverService } from '../routing/model-resolver.service.js';
import type { RequestContext } from '../routing/request-context.js';
import type { RouteTarget } from '../routing/route-target.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { attemptRecord, movesOn } from './media-attempts.js';

export interface MediaRequest {
  /** The OpenAI body; `model` addresses the target as in chat (prefix, `provider`, alias). */
  body: Record<string, unknown>;
  requestId: string;
  principal: Principal;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
}

export interface ImageResult {
  json: ImageResponse['json'];
  ctx: RequestContext;
}

export interface SpeechResult {
  /** Its body must be consumed or destroyed; the after-hooks run when it ends. */
  audio: UpstreamBinaryResponse;
  ctx: RequestContext;
}

type ImageMaker = TextProvider & Required<Pick<TextProvider, 'generateImage'>>;
type Speaker = TextProvider & Required<Pick<TextProvider, 'speech'>>;

interface Media<P extends TextProvider> {
  operation: Extract<GatewayOperation, 'images' | 'speech'>;
  verb: string;
  serves(provider: TextProvider): provider is P;
}

const IMAGES: Media<ImageMaker> = {
  operation: 'images',
  verb: 'generate images',
  serves: (provider): provider is ImageMaker => typeof provider.generateImage === 'function' && declares(provider, 'images'),
};
const SPEECH: Media<Speaker> = {
  operation: 'speech',
  verb: 'generate speech',
  serves: (provider): provider is Speaker => typeof provider.speech === 'function' && declares(provider, 'speech'),
};

function declares(provider: TextProvider, capability: Capability): boolean {
  return provider.registration.metadata.capabilities.includes(capability);
}

/**
 * Images and speech through the same hooks as chat: the route is resolved,
 * before-hooks may refuse (credits, limits), targets are tried in order with
 * chat's failover rule, the served hooks price `ctx.units` (accounting sets
 * the cost) and after-hooks run exactly once.
 */
@Injectable()
export class MediaService {
  constructor(
    private readonly resolver: ModelResolverService,
    private readonly registry: ProviderRegistry,
    private readonly hooks: GatewayHooks,
  ) {}

  async generateImage(req: MediaRequest): Promise<ImageResult> {
    const ctx = this.context(req, IMAGES);
    try {
      const response = await this.attempt(ctx, req, IMAGES, (provider, body) =>
        provider.generateImage({ body, signal: req.signal, requestId: req.requestId }),
      );
      await this.served(ctx, { image: response.json.data.length });
      return { json: response.json, ctx };
    } catch (error) {
      ctx.error = this.toError(error, req, ctx);
      throw ctx.error;
    } finally {
      await this.hooks.after(ctx);
    }
  }

  async speech(req: MediaRequest): Promise<SpeechResult> {
    const ctx = this.context(req, SPEECH);
    try {
      const audio = await this.attempt(ctx, req, SPEECH, (provider, body) =>
        provider.speech({ body, signal: req.signal, requestId: req.requestId }),
      );
      await this.served(ctx, { character: typeof req.body.input === 'string' ? req.body.input.length : 0 });
      return { audio: { ...audio, body: Readable.from(this.finishing(ctx, audio.body)) }, ctx };
    } catch (error) {
      ctx.error = this.toError(error, req, ctx);
      await this.hooks.after(ctx);
      throw ctx.error;
    }
  }

  /** Providers that serve a media operation, for error messages and listings. */
  capable(capability: 'images' | 'speech'): TextProvider[] {
    const media = capability === 'images' ? IMAGES : SPEECH;
    return this.registry.textProviders().filter((provider) => media.serves(provider));
  }

  private context(req: MediaRequest, media: Media<TextProvider>): RequestContext {
    return {
      requestId: req.requestId,
      operation: media.operation,
      principal: req.principal,
      body: req.body,
      streamed: false,
      startedAt: performance.now(),
      attempts: [],
      clientAborted: false,
      scratch: {},
    };
  }

  private async attempt<P extends TextProvider, T extends { keyAlias?: string }>(
    ctx: RequestContext,
    req: MediaRequest,
    media: Media<P>,
    invoke: (provider: P, body: Record<string, unknown>) => Promise<T>,
  ): Promise<T> {
    const route = await this.resolver.resolve(req.body.model, req.body.provider);
    const targets = route.targets.filter((target) => media.serves(target.provider));
    if (targets.length === 0) {
      const able = this.registry
        .textProviders()
        .filter((p) => media.serves(p))
        .map((p) => p.id);
      throw new InvalidRequestError(
        `"${route.name}" cannot ${media.verb}. Providers that can: ${able.join(', ') || 'none registered'}.`,
        'model',
      );
    }
    ctx.route = { ...route, targets };
    await this.hooks.before(ctx);
    let last: UpstreamFailure | undefined;
    for (const target of ctx.route.targets) {
      const provider = target.provider;
      if (!media.serves(provider)) continue;
      const started = performance.now();
      try {
        if (provider.disabledReason) throw new UpstreamFailure('auth', null, 'provider_disabled', provider.disabledReason);
        const result = await invoke(provider, upstreamBody(req.body, target));
        ctx.attempts.push(attemptRecord(target, started, result.keyAlias, 200, null, 'ok'));
        ctx.provider = target.provider.id;
        ctx.model = target.model;
        return result;
      } catch (error) {
        if (!(error instanceof UpstreamFailure)) throw error;
        ctx.attempts.push(attemptRecord(target, started, error.keyAlias, error.status, error.code, error.kind));
        last = error;
        if (!movesOn(error)) break;
      }
    }
    if (last && ctx.attempts.every((a) => a.code === 'provider_disabled')) {
      const error = new NoProviderAvailableError(last.message);
      error.attempts = ctx.attempts;
      throw error;
    }
    throw finalError(last as UpstreamFailure, ctx.attempts);
  }

  /** Records the units of the answer; the served hooks (accounting) price them before the response starts. */
  private async served(ctx: RequestContext, units: Record<string, number>): Promise<void> {
    ctx.units = units;
    await this.hooks.served(ctx);
  }

  /** Passes the audio through and runs the after-hooks once, however the stream ends. */
  private async *finishing(ctx: RequestContext, body: Readable): AsyncGenerator<Buffer> {
    let ended = false;
    try {
      for await (const chunk of body) yield chunk as Buffer;
      ended = true;
    } catch (error) {
      ctx.error = new GatewayError('upstream_error', `The audio stream failed: ${(error as Error).message}`);
      ended = true;
      throw error;
    } finally {
      if (!ended) ctx.clientAborted = true;
      body.destroy();
      await this.hooks.after(ctx);
    }
  }

  private toError(error: unknown, req: MediaRequest, ctx: RequestContext): GatewayError {
    if (error instanceof GatewayError) return error;
    if (req.signal.aborted) {
      ctx.clientAborted = true;
      const aborted = new GatewayError('upstream_error', 'The client closed the connection.');
      aborted.attempts = ctx.attempts;
      return aborted;
    }
    throw error;
  }
}

/** The client's body with the target's own model id and without the gateway's `provider` field. */
function upstreamBody(body: Record<string, unknown>, target: RouteTarget): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body, model: target.model };
  if (typeof out.provider === 'string') delete out.provider;
  return out;
}
