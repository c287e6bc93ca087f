import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GatewayError, InvalidRequestError } from '../errors/gateway-error.js';
import type { Principal } from '../keys/principal.js';
import type { TextOperation, UpstreamCall } from '../providers/provider.types.js';
import type { ClientSignal } from './client-signal.js';
import { finishStream } from './finish-stream.js';
import { generatedText } from './generated-text.js';
import { GatewayHooks } from './gateway-hooks.js';
import type { GatewayProgress } from './gateway-progress.js';
import type { RequestContext } from './request-context.js';
import type { Attempt } from './resilience/attempt.js';
import { AttemptRunner } from './resilience/attempt-runner.service.js';
import { CLOCK, type Clock } from './resilience/clock.js';
import { Deadline } from './resilience/deadline.js';
import { RoutePlanner } from './route-planner.service.js';
import { openStream } from './open-stream.js';
import type { StreamItem } from './stream-processor.js';
import { estimateUsage } from './token-counter.js';
import { readUsage } from './token-usage.js';

export interface GatewayRequest {
  operation: TextOperation;
  body: Record<string, unknown>;
  requestId: string;
  principal: Principal;
  /** Aborts when the client goes away. */
  signal: ClientSignal;
  /** The `/api/{provider}/…` routes: this provider only, no failover. */
  pinnedProvider?: string;
  /** Appended to the model id (`:featherless-ai` for the HF router route). */
  modelSuffix?: string;
  /** This request's deadline (`x-switchyard-timeout-ms`); `defaults.deadlineMs` when unset. */
  timeoutMs?: number;
  /** Told what the gateway waits for before an answer exists (a model warming up, a long retry). */
  onProgress?(event: GatewayProgress): void;
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

/**
 * Runs a request against its route's targets: the one place both transports
 * call. The route planner orders the targets; the attempt runner tries them
 * through the resilience interceptors (retry, circuit breaker, concurrency
 * limit, key rotation) and fails over between them.
 */
@Injectable()
export class GatewayService {
  constructor(
    private readonly planner: RoutePlanner,
    private readonly runner: AttemptRunner,
    private readonly hooks: GatewayHooks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async complete(req: GatewayRequest): Promise<CompletionResult> {
    const ctx = this.context(req, false);
    const holds: Array<() => void> = [];
    let deadline: Deadline | undefined;
    try {
      deadline = this.deadline(req);
      const stripModels = await this.prepare(ctx, req);
      const run = { ctx, deadline, holds, progress: this.progress(req) };
      const { value: res, target } = await this.runner.run(run, (attempt) =>
        attempt.target.provider.send(this.call(req, ctx, attempt, stripModels)),
      );
      const json = res.json as Record<string, unknown>;
      ctx.provider = target.provider.id;
      ctx.model = target.model;
      ctx.usage = readUsage(json) ?? (req.operation === 'embeddings' ? undefined : await estimateUsage(req.body, completionText(json)));
      return { json, ctx };
    } catch (error) {
      ctx.error = toGatewayErrorOrRethrow(error, req.signal, ctx);
      throw ctx.error;
    } finally {
      releaseAll(holds);
      deadline?.dispose();
      await this.hooks.after(ctx);
    }
  }

  /**
   * Opens a stream, retrying and failing over until the first content chunk
   * arrives; after that a failure ends the stream with an error item.
   */
  async stream(req: GatewayRequest): Promise<StreamResult> {
    const ctx = this.context(req, true);
    const holds: Array<() => void> = [];
    let deadline: Deadline | undefined;
    try {
      deadline = this.deadline(req);
      const stripModels = await this.prepare(ctx, req);
      const run = { ctx, deadline, holds, progress: this.progress(req) };
      const { value: opened, target } = await this.runner.run(run, (attempt) =>
        openStream(attempt.target.provider, this.call(req, ctx, attempt, stripModels), ctx.attempts),
      );
      ctx.provider = target.provider.id;
      ctx.model = target.model;
      // Committed to this target: only the upstream's idle timeout applies from here.
      deadline.release();
      const done = deadline;
      const items = finishStream(ctx, opened, this.hooks, {
        cleanup: () => {
          releaseAll(holds);
          done.dispose();
        },
        lateFailure: (failure) => this.runner.lateFailure(target, failure),
        signal: req.signal,
      });
      return { items, ctx };
    } catch (error) {
      releaseAll(holds);
      deadline?.dispose();
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

  private deadline(req: GatewayRequest): Deadline {
    const { deadlineMs, maxDeadlineMs } = this.config.resilience;
    const timeoutMs = req.timeoutMs ?? deadlineMs;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > maxDeadlineMs) {
      throw new InvalidRequestError(`x-switchyard-timeout-ms must be an integer from 1 to ${maxDeadlineMs}`, 'x-switchyard-timeout-ms');
    }
    return new Deadline(req.signal, timeoutMs, this.clock);
  }

  /** Plans the route and runs the before-hooks, which may refuse the request; true when `models` must not reach upstreams. */
  private async prepare(ctx: RequestContext, req: GatewayRequest): Promise<boolean> {
    const plan = await this.planner.plan(req);
    ctx.route = plan.route;
    await this.hooks.before(ctx);
    return plan.stripModels;
  }

  private progress(req: GatewayRequest): (event: GatewayProgress) => void {
    return (event) => req.onProgress?.(event);
  }

  private call(req: GatewayRequest, ctx: RequestContext, attempt: Attempt, stripModels: boolean): UpstreamCall {
    const body: Record<string, unknown> = { ...req.body, model: attempt.target.model };
    for (const field of GATEWAY_FIELDS) if (typeof body[field] === 'string') delete body[field];
    if (stripModels) delete body.models;
    const defaults = ctx.route?.defaults;
    if (defaults?.temperature !== undefined) body.temperature ??= defaults.temperature;
    if (defaults?.max_tokens !== undefined) body.max_tokens ??= defaults.max_tokens;
    return { operation: req.operation, body, signal: attempt.deadline, requestId: req.requestId, key: attempt.key };
  }
}

function releaseAll(holds: Array<() => void>): void {
  for (const release of holds.splice(0)) release();
}

/** A client abort stays as is (nobody is listening); everything else becomes a GatewayError. */
function toGatewayErrorOrRethrow(error: unknown, signal: ClientSignal, ctx: RequestContext): GatewayError {
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
  const choices = Array.isArray(json.choices) ? (json.choices as Array<{ message?: unknown; text?: unknown }>) : [];
  return choices.map((c) => (c.message ? generatedText(c.message) : typeof c.text === 'string' ? c.text : '')).join('');
}
