import { EventEmitter } from 'node:events';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { waitUntil } from '../fake-upstream/wait-until.js';
import type { TestGateway } from './gateway.js';

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown> & { code?: string };
}

export interface GqlResponse<T> {
  status: number;
  headers: Headers;
  data: T | null | undefined;
  errors: GqlError[] | undefined;
}

/** A GraphQL operation over plain HTTP POST, with the admin key unless `key` says otherwise (`null`: no header). */
export async function gql<T = Record<string, unknown>>(
  gateway: TestGateway,
  query: string,
  variables?: Record<string, unknown>,
  key?: string | null,
): Promise<GqlResponse<T>> {
  const res = await gateway.request('/graphql', { method: 'POST', json: { query, variables }, key });
  const body = (await res.json()) as { data?: T | null; errors?: GqlError[] };
  return { status: res.status, headers: res.headers, data: body.data, errors: body.errors };
}

export interface WsConnection {
  client: Client;
  /** Resolves with the close event once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the server acknowledged the connection. */
  connected: Promise<void>;
  close(): Promise<void>;
}

/** A real graphql-ws client on the gateway's /graphql; `key: null` sends no authorization. */
export function connect(gateway: TestGateway, key: string | null = gateway.adminKey): WsConnection {
  let onClosed!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  let onConnected!: () => void;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const client = createClient({
    url: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: key === null ? {} : { authorization: `Bearer ${key}` },
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason });
      },
    },
  });
  return {
    client,
    closed,
    connected,
    async close() {
      await client.dispose();
    },
  };
}

/** Records every result of one subscription (or query) over graphql-ws. */
export class Recorder<T = Record<string, unknown>> {
  readonly results: Array<FormattedExecutionResult<T, unknown>> = [];
  error: unknown;
  completed = false;
  private readonly events = new EventEmitter();
  private readonly stop: () => void;

  constructor(client: Client, query: string, variables?: Record<string, unknown>) {
    this.events.setMaxListeners(0);
    this.stop = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => this.change(() => this.results.push(result)),
        error: (error) => this.change(() => (this.error = error)),
        complete: () => this.change(() => (this.completed = true)),
      },
    );
  }

  /** The `data` of each result, for a subscription field. */
  values<V>(field: string): V[] {
    return this.results.map((r) => (r.data as Record<string, V> | null | undefined)?.[field]).filter((v): v is V => v !== undefined);
  }

  async waitFor(done: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    await waitUntil(
      this.events,
      () => done() || this.error !== undefined,
      timeoutMs,
      () => `${what}; got ${JSON.stringify(this.results)}`,
    );
    if (!done()) throw new Error(`subscription failed while waiting for ${what}: ${JSON.stringify(this.error)}`);
  }

  /** Waits until the server completes the operation (or it errors). */
  async finished(timeoutMs = 10_000): Promise<void> {
    await waitUntil(
      this.events,
      () => this.completed || this.error !== undefined,
      timeoutMs,
      () => `completion; got ${JSON.stringify(this.results)}`,
    );
  }

  unsubscribe(): void {
    this.stop();
  }

  private change(apply: () => unknown): void {
    apply();
    this.events.emit('change');
  }
}
