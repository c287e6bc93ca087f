import type { AttemptRecord } from '../errors/attempt.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { TextProvider, UpstreamCall } from '../providers/provider.types.js';
import type { RateLimitSnapshot } from '../upstream/rate-limit-headers.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { finalError } from './final-error.js';
import { processStream, type StreamItem, type StreamProgress } from './stream-processor.js';

/** A stream that has produced its first content (or ended cleanly): the point where failover stops. */
export interface OpenedStream {
  head: StreamItem[];
  rest: AsyncIterator<StreamItem>;
  progress: StreamProgress;
  keyAlias?: string;
  rateLimit?: RateLimitSnapshot;
}

/**
 * Opens an upstream stream and reads it up to the first content chunk. A
 * failure before that throws like a failed request, so the gateway may retry
 * or fail over; nothing has reached the client yet.
 */
export async function openStream(provider: TextProvider, call: UpstreamCall, attempts: AttemptRecord[]): Promise<OpenedStream> {
  const opened = await provider.open(call);
  const progress: StreamProgress = { completion: '' };
  const normalise = provider.normaliseChunk?.bind(provider);
  const toError = (error: unknown): GatewayError => streamError(error, attempts);
  const items = processStream(opened.events, call.body, toError, normalise, progress)[Symbol.asyncIterator]();
  const head = await peekFirstContent(items);
  const early = head.find((item) => item.type === 'error');
  if (early?.type === 'error' && !early.truncated) {
    await items.return?.(undefined);
    throw early.error.cause instanceof UpstreamFailure ? early.error.cause : early.error;
  }
  return { head, rest: items, progress, keyAlias: opened.keyAlias, rateLimit: opened.rateLimit };
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

/** An upstream stream's failure as the client sees it; the classified failure stays as `cause`. */
function streamError(error: unknown, attempts: AttemptRecord[]): GatewayError {
  if (error instanceof GatewayError) return error;
  // An abort carries the gateway's own reason (the shutdown deadline) as its cause.
  if ((error as { cause?: unknown })?.cause instanceof GatewayError) return (error as { cause: GatewayError }).cause;
  const failure = error instanceof UpstreamFailure ? error : new UpstreamFailure('server', null, 'stream_error', streamErrorMessage(error));
  const gatewayError = finalError(failure, attempts);
  gatewayError.cause = failure;
  return gatewayError;
}

/** The message of an in-band `{"error": ...}` chunk (a string or `{message}`). */
function streamErrorMessage(error: unknown): string {
  const inner = (error as { error?: unknown })?.error;
  if (typeof inner === 'string') return inner;
  const message = (inner as { message?: unknown })?.message;
  return typeof message === 'string' ? message : 'The upstream stream reported an error.';
}
