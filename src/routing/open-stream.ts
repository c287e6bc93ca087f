import type { GatewayError } from '../errors/gateway-error.js';
import type { TextProvider, UpstreamCall } from '../providers/provider.types.js';
import type { RateLimitSnapshot } from '../upstream/rate-limit-headers.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
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
export async function openStream(
  provider: TextProvider,
  call: UpstreamCall,
  toError: (error: unknown) => GatewayError,
): Promise<OpenedStream> {
  const opened = await provider.open(call);
  const progress: StreamProgress = { completion: '' };
  const normalise = provider.normaliseChunk?.bind(provider);
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
