import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../errors/gateway-error.js';
import type { StreamItem } from '../routing/stream-processor.js';
import { toWireUsage } from '../routing/token-usage.js';
import { errorBody } from './error-body.js';

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
 * One SSE response. It can be opened before the gateway has an answer (to tell
 * the client a model is warming up), then piped the stream's items, or ended
 * with an error event when no answer came.
 */
export class SseResponse {
  private heartbeat?: NodeJS.Timeout;
  private lastWrite = 0;

  constructor(
    private readonly raw: ServerResponse,
    private readonly heartbeatMs: number,
  ) {}

  get opened(): boolean {
    return this.heartbeat !== undefined;
  }

  /**
   * Sends the status and headers; from here a comment goes out during any
   * silence. `flush: false` when the first event follows at once: the headers
   * then leave with it, in one write instead of two.
   */
  open(headers: Record<string, string>, flush = true): void {
    if (this.opened) return;
    this.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...headers,
    });
    if (flush) this.raw.flushHeaders();
    this.lastWrite = Date.now();
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastWrite >= (this.heartbeatMs * 2) / 3) this.send(': keep-alive\n\n');
    }, this.heartbeatMs / 3);
  }

  /** An SSE comment (`: text`), which clients ignore; line breaks would end it, so they become spaces. */
  comment(text: string): void {
    this.send(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`);
  }

  /**
   * Writes gateway stream items as OpenAI SSE: chunks verbatim, usage when
   * asked for, an error event on failure, and `data: [DONE]` always last.
   */
  async pipe(items: AsyncIterable<StreamItem>, includeUsage: boolean): Promise<void> {
    // The upstream's usage chunk is held back and sent last, with the gateway's cost added.
    let usageChunk: Record<string, unknown> | undefined;
    try {
      for await (const item of items) {
        // Past the end the upstream's body is only drained (so its connection is reused), never written.
        if (this.raw.writableEnded) continue;
        if (this.raw.destroyed) break;
        let text: string | undefined;
        if (item.type === 'chunk') text = `data: ${item.data}\n\n`;
        else if (item.type === 'usage') usageChunk = item.json;
        else if (item.type === 'end') {
          text = includeUsage ? `data: ${JSON.stringify(finalUsageChunk(usageChunk, item))}\n\n` : '';
          text += 'data: [DONE]\n\n';
        } else if (item.type === 'error') text = errorEvent(item.error, item.truncated);
        // Awaited only under backpressure: an await per chunk costs a microtask turn each.
        const pending = text ? this.send(text) : undefined;
        if (pending) await pending;
        // The answer is complete: the client's response ends now, not when the upstream closes its body.
        if (item.type === 'end' || item.type === 'error') this.close();
      }
    } finally {
      this.close();
    }
  }

  /** Ends an opened stream that never got an answer. */
  async fail(error: GatewayError): Promise<void> {
    await this.send(errorEvent(error, false));
    this.close();
  }

  private send(text: string): Promise<void> | undefined {
    if (this.raw.destroyed) return undefined;
    this.lastWrite = Date.now();
    return write(this.raw, text);
  }

  private close(): void {
    clearInterval(this.heartbeat);
    if (!this.raw.destroyed && !this.raw.writableEnded) this.raw.end();
  }
}

function errorEvent(error: GatewayError, truncated: boolean): string {
  const body = errorBody(error);
  body.error.truncated = truncated;
  return `data: ${JSON.stringify(body)}\n\ndata: [DONE]\n\n`;
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
