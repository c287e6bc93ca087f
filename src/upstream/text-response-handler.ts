import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { ClientSignal } from '../routing/client-signal.js';

/** A whole upstream answer, read into memory: the non-streaming hot path. */
export interface TextResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * An undici dispatch handler that collects the body into one string. It
 * replaces `request()` + `body.text()`, which build an async resource, a
 * Readable stream and its events for every response only to concatenate the
 * chunks. Aborts with the client's signal, or when the total timeout passes.
 */
export class TextResponseHandler implements Dispatcher.DispatchHandler {
  private controller?: Dispatcher.DispatchController;
  private statusCode = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];
  private readonly timer: NodeJS.Timeout;
  private settled = false;

  constructor(
    private readonly signal: ClientSignal,
    totalMs: number,
    private readonly resolve: (response: TextResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.timer = setTimeout(this.onTimeout, totalMs);
    this.timer.unref();
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) controller.abort(this.signal.reason as Error);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.statusCode = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (!this.finish()) return;
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.resolve({ statusCode: this.statusCode, headers: this.headers, text: body.toString('utf8') });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.finish()) this.reject(error);
  }

  private readonly onAbort = (): void => this.abort(this.signal.reason);

  private readonly onTimeout = (): void => this.abort(new DOMException('The upstream request timed out.', 'TimeoutError'));

  /** Before the request started, the abort is applied in onRequestStart (signal) or rejected here (timeout). */
  private abort(reason: unknown): void {
    if (this.controller) this.controller.abort(reason as Error);
    else if (this.finish()) this.reject(reason);
  }

  private finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    this.signal.removeEventListener('abort', this.onAbort);
    return true;
  }
}
