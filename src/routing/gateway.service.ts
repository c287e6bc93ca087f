import { Injectable } from '@nestjs/common';
import type { AttemptRecord } from '../errors/attempt.js';
import { GatewayError, InvalidRequestError, NoProviderAvailableError } from '../errors/gateway-error.js';
import type { Principal } from '../keys/principal.js';
import type { TextOperation, UpstreamCall } from '../providers/provider.types.js';
import { redactSecrets } from '../upstream/redact.js';
import { UpstreamFailure, isTransient } from '../upstream/upstream-failure.js';
import { finalError } from './final-error.js';
import { GatewayHooks } from './gateway-hooks.js';
import { ModelResolverService } from './model-resolver.service.js';
import type { RequestContext } from './request-context.js';
import type { ResolvedRoute, RouteTarget } from './route-target.js';
import { processStream, type StreamItem, type StreamProgress } from './stream-processor.js';
import { estimateUsage } from './token-counter.js';
import { readUsage } from './token-usage.js';

export interface GatewayRequest {
  operation: TextOperation;
  body: Record<string, unknown>;
  requestId: string;
  principal: Principal;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** The `/api/{provider}/…` routes: this provider only, no failover. */
  pinnedProvider?: string;
  /** Appended to the model id (`:featherless-ai` for the HF router route). */
  modelSuffix?: string;
}

export interface CompletionResult {
  json: Record<string, unknown>;
  ctx: RequestContext;
}

export interface StreamResult {
  items: AsyncIterable<StreamItem>;
  ctx: RequestContext;
}

/** Fields that address the gateway, not the upstream. */
const GATEWAY_FIELDS = ['provider'];

/** Runs a request against its route's targets: the one place both transports call. */
@Injectable()
export class GatewayService {
  constructor(
    private readonly resolver: ModelResolverService,
    private readonly hooks: GatewayHooks,
  ) {}

  async complete(req: GatewayRequest): Promise<CompletionResult> {
    const ctx = this.context(req, false);
    let last: UpstreamFailure | undefined;
    try {
      await this.prepare(ctx, req);
      for (const target of (ctx.route as ResolvedRoute).targets) {
        const started = performance.now();
        try {
          const res = await target.provider.send(this.call(req, ctx, target));
          ctx.attempts.push(record(target, started, res.keyAlias, 200, null, 'ok'));
          const json = res.json as Record<string, unknown>;
          ctx.provider = target.provider.id;
          ctx.model = target.model;
          ctx.usage = readUsage(json) ?? (req.operation === 'embeddings' ? undefined : await estimateUsage(req.body, completionText(json)));
          return { json, ctx };
        } catch (error) {
          last = this.failed(error, target, started, ctx.attempts);
          if (!movesOn(last)) break;
        }
      }
      throw this.exhausted(ctx, last);
    } catch (error) {
      ctx.error = toGatewayErrorOrRethrow(error, req.signal, ctx);
      throw ctx.error;
    } finally {
      await this.hooks.after(ctx);
    }
  }

  /**
   * Opens a stream, failing over between targets until the first content
   * chunk arrives; after that a failure ends the stream with an error item.
   */
  async stream(req: GatewayRequest): Promise<StreamResult> {
    const ctx = this.context(req, true);
    let last: UpstreamFailure | undefined;
    try {
      await this.prepare(ctx, req);
      for (const target of (ctx.route as ResolvedRoute).targets) {
        const started = performance.now();
        try {
          const call = this.call(req, ctx, target);
          const opened = await target.provider.open(call);
          const progress: StreamProgress = { completion: '' };
          const toError = (error: unknown): GatewayError => this.midStreamError(error, ctx.attempts, target.provider.keyPool?.keys);
          const items = processStream(opened.events, call.body, toError, target.provider.normaliseChunk?.bind(target.provider), progress)[
            Symbol.asyncIterator
          ]();
          const head = await peekFirstContent(items);
          const early = head.find((item) => item.type === 'error');
          if (early?.type === 'error' && !early.truncated) {
            await items.return?.(undefined);
            throw early.error.cause instanceof UpstreamFailure ? early.error.cause : early.error;
          }
          ctx.attempts.push(record(target, started, opened.keyAlias, 200, null, 'ok'));
          ctx.provider = target.provider.id;
          ctx.model = target.model;
          return { items: this.finishing(ctx, head, items, progress), ctx };
        } catch (error) {
          last = this.failed(error, target, started, ctx.attempts);
          if (!movesOn(last)) break;
        }
      }
      throw this.exhausted(ctx, last);
    } catch (error) {
      ctx.error = toGatewayErrorOrRethrow(error, req.signal, ctx);
      await this.hooks.after(ctx);
      throw ctx.error;
    }
  }

  private context(req: GatewayRequest, streamed: boolean): RequestContext {
    return {
      requestId: req.requestId,
      operation: req.operation,
      principal: req.principal,
      body: req.body,
      streamed,
      startedAt: performance.now(),
      attempts: [],
      clientAborted: false,
      scratch: {},
    };
  }

  /** Resolves the route and runs the before-hooks, which may refuse the request. */
  private async prepare(ctx: RequestContext, req: GatewayRequest): Promise<void> {
    ctx.route = await this.route(req);
    await this.hooks.before(ctx);
  }

  /** Replays the peeked head, then the rest; runs the after-hooks exactly once however the stream ends. */
  private async *finishing(
    ctx: RequestContext,
    head: StreamItem[],
    rest: AsyncIterator<StreamItem>,
    progress: StreamProgress,
  ): AsyncGenerator<StreamItem> {
    let finished = false;
    const settle = async (item: StreamItem): Promise<StreamItem> => {
      if (item.type === 'chunk' && item.text && ctx.firstTokenAt === undefined) ctx.firstTokenAt = performance.now();
      if (item.type === 'end' || item.type === 'error') {
        finished = true;
        if (item.type === 'end') ctx.usage = item.usage;
        else {
          ctx.error = item.error;
          ctx.usage = progress.usage ?? (await estimateUsage(ctx.body, progress.completion));
        }
        await this.hooks.after(ctx);
        if (item.type === 'end') return { ...item, costMicroUsd: ctx.costMicroUsd };
      }
      return item;
    };
    try {
      for (const item of head) yield await settle(item);
      for (let next = await rest.next(); !next.done; next = await rest.next()) yield await settle(next.value);
    } finally {
      if (!finished) {
        // The client left: bill what was generated so far.
        ctx.clientAborted = true;
        ctx.usage = progress.usage ?? (await estimateUsage(ctx.body, progress.completion));
        await this.hooks.after(ctx);
      }
      await rest.return?.(undefined);
    }
  }

  private async route(req: GatewayRequest): Promise<ResolvedRoute> {
    if (req.pinnedProvider) {
      if (typeof req.body.model !== 'string' || !req.body.model) throw new InvalidRequestError('model must be a non-empty string', 'model');
      return this.resolver.resolve(req.body.model + (req.modelSuffix ?? ''), req.pinnedProvider);
    }
    return this.resolver.resolve(req.body.model, req.body.provider);
  }

  private call(req: GatewayRequest, ctx: RequestContext, target: RouteTarget): UpstreamCall {
    const reason = target.provider.disabledReason;
    if (reason) throw new UpstreamFailure('auth', null, 'provider_disabled', reason);
    if (!target.provider.supports(req.operation)) {
      throw new UpstreamFailure(
        'bad_request',
        null,
        'unsupported_operation',
        `Provider "${target.provider.id}" does not serve ${req.operation}.`,
      );
    }
    const body: Record<string, unknown> = { ...req.body, model: target.model };
    for (const field of GATEWAY_FIELDS) if (typeof body[field] === 'string') delete body[field];
    const defaults = ctx.route?.defaults;
    if (defaults?.temperature !== undefined) body.temperature ??= defaults.temperature;
    if (defaults?.max_tokens !== undefined) body.max_tokens ??= defaults.max_tokens;
    return { operation: req.operation, body, signal: req.signal, requestId: req.requestId };
  }

  private failed(error: unknown, target: RouteTarget, started: number, attempts: AttemptRecord[]): UpstreamFailure {
    if (!(error instanceof UpstreamFailure)) throw error;
    attempts.push(record(target, started, error.keyAlias, error.status, error.code, error.kind));
    return error;
  }

  private exhausted(ctx: RequestContext, last: UpstreamFailure | undefined): GatewayError {
    const name = ctx.route?.name ?? String(ctx.body.model);
    if (!last) return new NoProviderAvailableError(`No target of "${name}" could be tried.`);
    if (ctx.attempts.every((a) => a.code === 'provider_disabled')) {
      const error = new NoProviderAvailableError(last.message);
      error.attempts = ctx.attempts;
      return error;
    }
    return finalError(last, ctx.attempts);
  }

  private midStreamError(error: unknown, attempts: AttemptRecord[], upstreamKeys: readonly string[] = []): GatewayError {
    if (error instanceof GatewayError) return error;
    // An abort carries the gateway's own reason (shutdown deadline) as its cause.
    if ((error as { cause?: unknown })?.cause instanceof GatewayError) return (error as { cause: GatewayError }).cause;
    const failure =
      error instanceof UpstreamFailure
        ? error
        : // The upstream's own error event may echo the request's credentials.
          new UpstreamFailure('server', null, 'stream_error', redactSecrets(streamErrorMessage(error), upstreamKeys));
    const gatewayError = finalError(failure, attempts);
    gatewayError.cause = failure;
    return gatewayError;
  }
}

/** A client abort stays as is (nobody is listening); everything else becomes a GatewayError. */
function toGatewayErrorOrRethrow(error: unknown, signal: AbortSignal, ctx: RequestContext): GatewayError {
  if (error instanceof GatewayError) return error;
  // The gateway ended the request itself (shutdown deadline): its reason is the client's answer.
  if (signal.aborted && signal.reason instanceof GatewayError) {
    signal.reason.attempts = ctx.attempts;
    return signal.reason;
  }
  if (signal.aborted) {
    ctx.clientAborted = true;
    const aborted = new GatewayError('upstream_error', 'The client closed the connection.');
    aborted.attempts = ctx.attempts;
    return aborted;
  }
  throw error;
}

function completionText(json: Record<string, unknown>): string {
  const choices = Array.isArray(json.choices) ? (json.choices as Array<{ message?: { content?: unknown }; text?: unknown }>) : [];
  return choices
    .map((c) => (typeof c.message?.content === 'string' ? c.message.content : typeof c.text === 'string' ? c.text : ''))
    .join('');
}

function streamErrorMessage(error: unknown): string {
  const inner = (error as { error?: unknown })?.error;
  if (typeof inner === 'string') return inner;
  const message = (inner as { message?: unknown })?.message;
  return typeof message === 'string' ? message : 'The upstream stream reported an error.';
}

/** Failures another target may get past; a caller's own mistake stops the route. */
function movesOn(failure: UpstreamFailure): boolean {
  return isTransient(failure.kind) || failure.kind === 'auth' || failure.kind === 'quota' || failure.kind === 'not_found';
}

function record(
  target: RouteTarget,
  started: number,
  keyAlias: string | undefined,
  status: number | null,
  code: string | null,
  outcome: string,
): AttemptRecord {
  return {
    provider: target.provider.id,
    model: target.model,
    keyAlias,
    status,
    code,
    latencyMs: Math.round((performance.now() - started) * 100) / 100,
    outcome,
  };
}

/** Reads items until the first one that carries content, ends or fails. */
async function peekFirstContent(items: AsyncIterator<StreamItem>): Promise<StreamItem[]> {
  const head: StreamItem[] = [];
  for (;;) {
    const next = await items.next();
    if (next.done) return head;
    head.push(next.value);
    if (next.value.type !== 'chunk' || next.value.text.length > 0) return head;
  }
}
