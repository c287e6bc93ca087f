import type { ServerResponse } from 'node:http';
import type { StreamItem } from '../routing/stream-processor.js';
import { toWireUsage } from '../routing/token-usage.js';
import { errorBody } from './error-body.js';

export interface SseOptions {
  /** The client asked for `stream_options.include_usage`. */
  includeUsage: boolean;
  heartbeatMs: number;
  headers: Record<string, string>;
}

function uncork(raw: ServerResponse): void {
  raw.uncork();
}

function write(raw: ServerResponse, text: string): Promise<void> | undefined {
  // Corked until the current tick's promise jobs are done: the events of one
  // upstream read (or [DONE] and the end of the body) leave in one syscall
  // instead of one each, and nothing waits for more input.
  if (!raw.writableCorked) {
    raw.cork();
    process.nextTick(uncork, raw);
  }
  // Honour backpressure: a slow client must not make the gateway buffer the whole stream.
  if (raw.write(text) || raw.destroyed) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      raw.off('drain', done);
      raw.off('close', done);
      resolve();
    };
    raw.on('drain', done);
    raw.on('close', done);
  });
}

/**
 * Writes gateway stream items as OpenAI SSE: chunks verbatim, a heartbeat
 * comment during silence, usage when asked for, an error event on failure,
 * and `data: [DONE]` always last.
 */
export async function writeSse(raw: ServerResponse, items: AsyncIterable<StreamItem>, options: SseOptions): Promise<void> {
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...options.headers,
  });
  // No flushHeaders(): the gateway calls this once the first content is in
  // hand, so the headers leave with it in one write.
  let lastWrite = Date.now();
  const heartbeat = setInterval(() => {
    if (Date.now() - lastWrite >= (options.heartbeatMs * 2) / 3) {
      raw.write(': keep-alive\n\n');
      lastWrite = Date.now();
    }
  }, options.heartbeatMs / 3);
  // The upstream's usage chunk is held back and sent last, with the gateway's cost added.
  let usageChunk: Record<string, unknown> | undefined;
  try {
    for await (const item of items) {
      // Past the end the upstream's body is only drained (so its connection is reused), never written.
      if (raw.writableEnded) continue;
      if (raw.destroyed) break;
      let text: string | undefined;
      if (item.type === 'chunk') text = `data: ${item.data}\n\n`;
      else if (item.type === 'usage') usageChunk = item.json;
      else if (item.type === 'end') {
        text = options.includeUsage ? `data: ${JSON.stringify(finalUsageChunk(usageChunk, item))}\n\n` : '';
        text += 'data: [DONE]\n\n';
      } else if (item.type === 'error') {
        const body = errorBody(item.error);
        body.error.truncated = item.truncated;
        text = `data: ${JSON.stringify(body)}\n\ndata: [DONE]\n\n`;
      }
      if (text) {
        lastWrite = Date.now();
        await write(raw, text);
      }
      // The answer is complete: the client's response ends now, not when the upstream closes its body.
      if (item.type === 'end' || item.type === 'error') {
        clearInterval(heartbeat);
        raw.end();
      }
    }
  } finally {
    clearInterval(heartbeat);
    if (!raw.destroyed && !raw.writableEnded) raw.end();
  }
}

function finalUsageChunk(
  upstream: Record<string, unknown> | undefined,
  end: Extract<StreamItem, { type: 'end' }>,
): Record<string, unknown> {
  const chunk = upstream ?? { object: 'chat.completion.chunk', choices: [] };
  const usage: Record<string, unknown> = { ...(chunk.usage as Record<string, unknown> | undefined), ...toWireUsage(end.usage) };
  if (end.costMicroUsd !== undefined) usage.cost_usd = end.costMicroUsd / 1e6;
  return { ...chunk, usage };
}
