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

function write(raw: ServerResponse, text: string): Promise<void> | undefined {
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
  raw.flushHeaders();
  let lastWrite = Date.now();
  const heartbeat = setInterval(() => {
    if (Date.now() - lastWrite >= (options.heartbeatMs * 2) / 3) {
      raw.write(': keep-alive\n\n');
      lastWrite = Date.now();
    }
  }, options.heartbeatMs / 3);
  let usageSent = false;
  try {
    for await (const item of items) {
      if (raw.destroyed) break;
      let text: string | undefined;
      if (item.type === 'chunk') text = `data: ${item.data}\n\n`;
      else if (item.type === 'usage' && options.includeUsage) {
        text = `data: ${item.data}\n\n`;
        usageSent = true;
      } else if (item.type === 'end') {
        if (options.includeUsage && !usageSent) {
          text = `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [], usage: toWireUsage(item.usage) })}\n\n`;
        }
        text = `${text ?? ''}data: [DONE]\n\n`;
      } else if (item.type === 'error') {
        const body = errorBody(item.error);
        body.error.truncated = item.truncated;
        text = `data: ${JSON.stringify(body)}\n\ndata: [DONE]\n\n`;
      }
      if (text) {
        lastWrite = Date.now();
        await write(raw, text);
      }
    }
  } finally {
    clearInterval(heartbeat);
    if (!raw.destroyed) raw.end();
  }
}
