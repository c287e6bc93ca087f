import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { matchesPath } from './path-pattern.js';
import { recordRequest, type RecordedRequest } from './recorded-request.js';
import { RouteTable } from './route-table.js';
import type { RouteHandler, ScriptStep } from './script-step.types.js';
import { writeStep } from './step-writer.js';
import { waitUntil } from './wait-until.js';

const UNSCRIPTED_STATUS = 599;

/** Loopback HTTP server that plays upstream providers; see STYLE.md "Testing". */
export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  /** `METHOD path` of every request nothing was scripted for; tests assert it stays empty. */
  readonly unscripted: string[] = [];
  /** Requests answered by `instant()` routes, which are not recorded. */
  instantCount = 0;

  private readonly routes = new RouteTable();
  private readonly instants = new Map<string, Buffer>();
  private readonly events = new EventEmitter();
  private closing = false;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    this.events.setMaxListeners(0);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res));
  }

  static async start(): Promise<FakeUpstream> {
    // keepAliveTimeout above undici's 4 s idle timeout, so the client always closes idle sockets first.
    const server = createServer({ keepAlive: true, keepAliveTimeout: 65_000, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('FakeUpstream: no TCP address');
    return new FakeUpstream(server, `http://127.0.0.1:${address.port}`);
  }

  /** Queues responses for `METHOD path`, consumed one per request in order. */
  script(method: string, path: string, ...steps: ScriptStep[]): this {
    this.routes.enqueue(method, path, steps);
    return this;
  }

  /** Persistent handler for `METHOD path`, used whenever its queue is empty. */
  route(method: string, path: string, handler: RouteHandler): this {
    this.routes.setHandler(method, path, handler);
    return this;
  }

  /** Benchmark mode: any method on `path` gets 200 + a precomputed JSON buffer, unrecorded. */
  instant(path: string, json: unknown): this {
    this.instants.set(path, Buffer.from(JSON.stringify(json)));
    return this;
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((req) => matchesPath(path, req.path));
  }

  /** Scripted steps no request consumed, as `METHOD path ×n`. */
  unconsumed(): string[] {
    return this.routes.unconsumed();
  }

  async waitForRequests(n: number, timeoutMs = 2000): Promise<RecordedRequest[]> {
    await waitUntil(
      this.events,
      () => this.requests.length >= n,
      timeoutMs,
      () => `${n} requests, got ${this.describe()}`,
    );
    return this.requests.slice(0, n);
  }

  /** Resolves when the client of request `index` closed its connection before the response finished. */
  async waitForAbort(index: number, timeoutMs = 2000): Promise<RecordedRequest> {
    const isAborted = (): boolean => this.requests[index]?.aborted === true;
    await waitUntil(this.events, isAborted, timeoutMs, () => `request #${index} to abort, got ${this.describe()}`);
    return this.requests[index] as RecordedRequest;
  }

  reset(): void {
    this.routes.clear();
    this.instants.clear();
    this.requests.splice(0);
    this.unscripted.splice(0);
    this.instantCount = 0;
  }

  /** Destroys open sockets (hanging or keep-alive) so closing never waits on a client. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.closing = true;
    const closed = new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
    this.server.closeAllConnections();
    await closed;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const instant = this.instants.size > 0 ? this.instants.get(pathOf(req.url)) : undefined;
    if (instant !== undefined) {
      this.instantCount++;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': instant.length });
      res.end(instant);
      return;
    }
    this.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(UNSCRIPTED_STATUS).end(String(error));
      else res.destroy();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const lifetime = new AbortController();
    // Assigned after the close listener exists, because the body may still be arriving when the client leaves.
    // eslint-disable-next-line prefer-const
    let record: RecordedRequest | undefined;
    let clientLeft = false;
    let droppedByFake = false;
    res.on('close', () => {
      lifetime.abort();
      if (res.writableFinished || droppedByFake || this.closing) return;
      clientLeft = true;
      if (record !== undefined) this.markAborted(record);
    });

    record = await recordRequest(req, at);
    if (clientLeft) record.aborted = true;
    this.requests.push(record);
    this.events.emit('change');
    if (record.aborted) return;

    const step = await this.resolveStep(record);
    const drop = (): void => {
      droppedByFake = true;
      res.socket?.destroy();
    };
    try {
      await writeStep({ res, signal: lifetime.signal, drop }, step);
    } catch (error) {
      if (!lifetime.signal.aborted) throw error;
    }
  }

  private async resolveStep(record: RecordedRequest): Promise<ScriptStep> {
    const label = `${record.method} ${record.path}`;
    const handler = this.routes.lookup(record.method, record.path);
    if (handler === undefined) {
      this.unscripted.push(label);
      return { status: UNSCRIPTED_STATUS, json: { error: `unscripted ${label}` } };
    }
    try {
      return await handler(record);
    } catch (error) {
      // A throwing handler is a broken test, so it fails as loudly as an unscripted call.
      const message = `handler for ${label} threw: ${error instanceof Error ? error.message : String(error)}`;
      this.unscripted.push(message);
      return { status: UNSCRIPTED_STATUS, json: { error: message } };
    }
  }

  private markAborted(record: RecordedRequest): void {
    record.aborted = true;
    this.events.emit('change');
  }

  private describe(): string {
    const seen = this.requests.map((req) => `${req.method} ${req.path}${req.aborted ? ' (aborted)' : ''}`);
    return `${this.requests.length} [${seen.join(', ')}]`;
  }
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
}
