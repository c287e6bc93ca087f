import { Injectable } from '@nestjs/common';
import type { AttemptRecord } from '../errors/attempt.js';
import { GatewayError, InvalidRequestError, NoProviderAvailableError } from '../errors/gateway-error.js';
import type { TextOperation, UpstreamCall } from '../providers/provider.types.js';
import { UpstreamFailure, isTransient } from '../upstream/upstream-failure.js';
import { finalError } from './final-error.js';
import { ModelResolverService } from './model-resolver.service.js';
import type { ResolvedRoute, RouteTarget } from './route-target.js';
import { processStream, type StreamItem } from './stream-processor.js';
import { readUsage, type TokenUsage } from './token-usage.js';

export interface GatewayRequest {
  operation: TextOperation;
  body: Record<string, unknown>;
  requestId: string;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** The `/api/{provider}/…` routes: this provider only, no failover. */
  pinnedProvider?: string;
  /** Appended to the model id (`:featherless-ai` for the HF router route). */
  modelSuffix?: string;
}

export interface ServedBy {
  provider: string;
  model: string;
  route: string;
  attempts: AttemptRecord[];
}

export interface CompletionResult extends ServedBy {
  json: Record<string, unknown>;
  usage?: TokenUsage;
}

export interface StreamResult extends ServedBy {
  items: AsyncIterable<StreamItem>;
}

/** Fields that address the gateway, not the upstream. */
const GATEWAY_FIELDS = ['provider'];

/** Runs a request against its route's targets: the one place both transports call. */
@Injectable()
export class GatewayService {
  constructor(private readonly resolver: ModelResolverService) {}

  async complete(req: GatewayRequest): Promise<CompletionResult> {
    const route = await this.route(req);
    const attempts: AttemptRecord[] = [];
    let last: UpstreamFailure | undefined;
    for (const target of route.targets) {
      const started = performance.now();
      try {
        const call = this.call(req, route, target);
        const res = await target.provider.send(call);
        attempts.push(record(target, started, res.keyAlias, 200, null, 'ok'));
        const json = res.json as Record<string, unknown>;
        return { json, usage: readUsage(json), ...served(route, target, attempts) };
      } catch (error) {
        last = this.failed(error, target, started, attempts);
        if (!movesOn(last)) break;
      }
    }
    throw this.exhausted(route, last, attempts);
  }

  /**
   * Opens a stream, failing over between targets until the first content
   * chunk arrives; after that a failure ends the stream with an error item.
   */
  async stream(req: GatewayRequest): Promise<StreamResult> {
    const route = await this.route(req);
    const attempts: AttemptRecord[] = [];
    let last: UpstreamFailure | undefined;
    for (const target of route.targets) {
      const started = performance.now();
      try {
        const call = this.call(req, route, target);
        const opened = await target.provider.open(call);
        const items = processStream(opened.events, call.body, (error) => this.midStreamError(error, attempts), target.provider.normaliseChunk?.bind(target.provider))[
          Symbol.asyncIterator
        ]();
        const head = await peekFirstContent(items);
        const failedEarly = head.find((item) => item.type === 'error');
        if (failedEarly?.type === 'error' && !failedEarly.truncated) {
          throw failedEarly.error.cause instanceof UpstreamFailure ? failedEarly.error.cause : failedEarly.error;
        }
        attempts.push(record(target, started, opened.keyAlias, 200, null, 'ok'));
        return { items: replay(head, items), ...served(route, target, attempts) };
      } catch (error) {
        last = this.failed(error, target, started, attempts);
        if (!movesOn(last)) break;
      }
    }
    throw this.exhausted(route, last, attempts);
  }

  private async route(req: GatewayRequest): Promise<ResolvedRoute> {
    if (req.pinnedProvider) {
      if (typeof req.body.model !== 'string' || !req.body.model) throw new InvalidRequestError('model must be a non-empty string', 'model');
      return this.resolver.resolve(req.body.model + (req.modelSuffix ?? ''), req.pinnedProvider);
    }
    return this.resolver.resolve(req.body.model, req.body.provider);
  }

  private call(req: GatewayRequest, route: ResolvedRoute, target: RouteTarget): UpstreamCall {
    const reason = target.provider.disabledReason;
    if (reason) throw new UpstreamFailure('auth', null, 'provider_disabled', reason);
    if (!target.provider.supports(req.operation)) {
      throw new UpstreamFailure('bad_request', null, 'unsupported_operation', `Provider "${target.provider.id}" does not serve ${req.operation}.`);
    }
    const body: Record<string, unknown> = { ...req.body, model: target.model };
    for (const field of GATEWAY_FIELDS) if (typeof body[field] === 'string') delete body[field];
    if (route.defaults?.temperature !== undefined) body.temperature ??= route.defaults.temperature;
    if (route.defaults?.max_tokens !== undefined) body.max_tokens ??= route.defaults.max_tokens;
    return { operation: req.operation, body, signal: req.signal, requestId: req.requestId };
  }

  private failed(error: unknown, target: RouteTarget, started: number, attempts: AttemptRecord[]): UpstreamFailure {
    if (!(error instanceof UpstreamFailure)) throw error;
    attempts.push(record(target, started, error.keyAlias, error.status, error.code, error.kind));
    return error;
  }

  private exhausted(route: ResolvedRoute, last: UpstreamFailure | undefined, attempts: AttemptRecord[]): GatewayError {
    if (!last) return new NoProviderAvailableError(`No target of "${route.name}" could be tried.`);
    if (last.code === 'provider_disabled' && attempts.every((a) => a.code === 'provider_disabled')) {
      const error = new NoProviderAvailableError(last.message);
      error.attempts = attempts;
      return error;
    }
    return finalError(last, attempts);
  }

  private midStreamError(error: unknown, attempts: AttemptRecord[]): GatewayError {
    if (error instanceof GatewayError) return error;
    const failure =
      error instanceof UpstreamFailure
        ? error
        : new UpstreamFailure('server', null, 'stream_error', streamErrorMessage(error));
    const gatewayError = finalError(failure, attempts);
    gatewayError.cause = failure;
    return gatewayError;
  }
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

function record(target: RouteTarget, started: number, keyAlias: string | undefined, status: number | null, code: string | null, outcome: string): AttemptRecord {
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

function served(route: ResolvedRoute, target: RouteTarget, attempts: AttemptRecord[]): ServedBy {
  return { provider: target.provider.id, model: target.model, route: route.name, attempts };
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

async function* replay(head: StreamItem[], rest: AsyncIterator<StreamItem>): AsyncGenerator<StreamItem> {
  try {
    yield* head;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}
