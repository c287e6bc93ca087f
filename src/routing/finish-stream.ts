import type { AttemptRecord } from '../errors/attempt.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import type { ClientSignal } from './client-signal.js';
import type { GatewayHooks } from './gateway-hooks.js';
import type { OpenedStream } from './open-stream.js';
import type { RequestContext } from './request-context.js';
import type { StreamItem } from './stream-processor.js';
import { estimateUsage } from './token-counter.js';

export interface StreamEnd {
  /** Frees what the serving try held (its concurrency slot, the deadline's listener). */
  cleanup(): void;
  /** The stream broke after its first content: the target's circuit counts it. */
  lateFailure(failure: UpstreamFailure): Promise<void>;
  /** The client's signal: a read that failed because the client left is an abort, not a provider fault. */
  signal: ClientSignal;
}

/** Replays the peeked head, then the rest; runs the after-hooks exactly once however the stream ends. */
export async function* finishStream(
  ctx: RequestContext,
  opened: OpenedStream,
  hooks: GatewayHooks,
  end: StreamEnd,
): AsyncGenerator<StreamItem> {
  const { head, rest, progress } = opened;
  let finished = false;
  // Content chunks pass synchronously; only the last item (end or error) awaits the hooks.
  const touch = (item: StreamItem): StreamItem => {
    if (item.type === 'chunk' && item.text && ctx.firstTokenAt === undefined) ctx.firstTokenAt = performance.now();
    return item;
  };
  const settle = async (item: StreamItem): Promise<StreamItem> => {
    finished = true;
    if (item.type === 'end') ctx.usage = item.usage;
    else if (item.type === 'error') {
      ctx.error = item.error;
      ctx.clientAborted = end.signal.aborted;
      ctx.usage = progress.usage ?? (await estimateUsage(ctx.body, progress.completion));
      if (item.error.cause instanceof UpstreamFailure && !ctx.clientAborted) {
        markTruncated(ctx.attempts, item.error.cause);
        await end.lateFailure(item.error.cause);
      }
    }
    await hooks.after(ctx);
    return item.type === 'end' ? { ...item, costMicroUsd: ctx.costMicroUsd } : item;
  };
  const terminal = (item: StreamItem): boolean => item.type === 'end' || item.type === 'error';
  try {
    for (const item of head) yield terminal(item) ? await settle(item) : touch(item);
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      yield terminal(next.value) ? await settle(next.value) : touch(next.value);
    }
  } finally {
    if (!finished) {
      // The client left: bill what was generated so far.
      ctx.clientAborted = true;
      ctx.usage = progress.usage ?? (await estimateUsage(ctx.body, progress.completion));
      await hooks.after(ctx);
    }
    await rest.return?.(undefined);
    end.cleanup();
  }
}

/** The try that served the stream broke after its first content: its record says so. */
function markTruncated(attempts: AttemptRecord[], failure: UpstreamFailure): void {
  const served = attempts.at(-1);
  if (!served) return;
  served.outcome = 'truncated';
  served.code = failure.code;
}
