import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type ValidationRule } from 'graphql';
import type { Disposable } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import type { IncomingMessage, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { ApiKeysService } from '../../keys/api-keys.service.js';
import { errorFormatter, type ErrorFormatter } from '../errors/error-formatter.js';
import { requestIds, type GraphqlContext } from '../graphql-context.js';
import { GRAPHQL_PATH } from '../graphql-path.js';
import { NoIntrospectionRule } from '../limits/no-introspection.rule.js';
import { OperationLimitChecker } from '../limits/operation-limits.js';
import { SubscriptionEvents } from './subscription-events.js';

interface ConnectionState {
  authorization?: string;
  /** In-flight operations by id; aborted when the client completes them or the socket closes. */
  operations: Map<string, AbortController>;
}

const DOCUMENT_CACHE_SIZE = 500;

type ConnectionParams = { authorization?: unknown };

function pathname(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
}

/**
 * graphql-ws on /graphql, beside Apollo's HTTP handler on the same path. Its own
 * server (rather than @nestjs/graphql's) so messages are capped at the HTTP body
 * limit, every operation gets the HTTP side's validation, limits and error
 * format, and a client's `complete` aborts the upstream request at once, even
 * before its stream has produced anything.
 */
@Injectable()
export class GraphqlWsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly connections = new WeakMap<WebSocket, ConnectionState>();
  private readonly format: ErrorFormatter;
  private readonly rules: readonly ValidationRule[];
  private readonly limits: OperationLimitChecker;
  private readonly events = new SubscriptionEvents();
  private disposable?: Disposable;
  private httpServer?: Server;
  private wss?: WebSocketServer;
  /** Parsed and validated operations by query text. */
  private readonly documents = new Map<string, DocumentNode>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly keys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.format = errorFormatter(config);
    this.limits = new OperationLimitChecker(config.graphql);
    this.rules = config.graphql.introspection ? specifiedRules : [...specifiedRules, NoIntrospectionRule];
  }

  onApplicationBootstrap(): void {
    const wss = new WebSocketServer({ noServer: true, maxPayload: this.config.bodyLimitBytes });
    this.wss = wss;
    wss.on('connection', (socket: WebSocket) => this.track(socket));
    this.disposable = useServer<ConnectionParams>(
      {
        schema: () => this.schemaHost.schema,
        subscribe: this.events.subscribe,
        context: (ctx, id) => this.context(ctx.extra, id, id in ctx.subscriptions),
        onConnect: (ctx) => this.authenticate(ctx.extra, ctx.connectionParams),
        onSubscribe: (_ctx, _id, payload) => this.prepare(payload.query, payload.operationName, payload.variables ?? undefined),
        onNext: (_ctx, _id, _payload, _args, result) =>
          result.errors ? { ...result, errors: result.errors.map((e) => this.format(e.toJSON(), e)) } : undefined,
        onError: (_ctx, _id, _payload, errors) => errors.map((e) => this.format(e.toJSON(), e)),
        onComplete: (ctx, id) => void this.state(ctx.extra.socket).operations.delete(id),
        onClose: (ctx) => this.abortAll(ctx.extra.socket),
        isProd: this.config.nodeEnv !== 'development',
      },
      wss,
    );
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.httpServer.on('upgrade', this.onUpgrade);
  }

  /** Closes every socket (1001 Going away) before the HTTP server stops. */
  async beforeApplicationShutdown(): Promise<void> {
    this.httpServer?.off('upgrade', this.onUpgrade);
    await this.disposable?.dispose();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const wss = this.wss;
    if (!wss || pathname(request.url) !== GRAPHQL_PATH) return;
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };

  private state(socket: WebSocket): ConnectionState {
    let state = this.connections.get(socket);
    if (!state) {
      state = { operations: new Map() };
      this.connections.set(socket, state);
    }
    return state;
  }

  /** graphql-ws only tells an operation it is completed once its first event exists; a pending start is aborted here. */
  private track(socket: WebSocket): void {
    const state = this.state(socket);
    socket.on('message', (data: RawData) => {
      if (state.operations.size === 0) return;
      const text = String(data);
      if (!text.includes('"complete"')) return;
      try {
        const message = JSON.parse(text) as { type?: unknown; id?: unknown };
        if (message.type === 'complete' && typeof message.id === 'string') {
          state.operations.get(message.id)?.abort(new Error('subscription completed by the client'));
        }
      } catch {
        // graphql-ws itself closes the socket on a malformed message
      }
    });
  }

  /** A bad or missing key closes the socket with 4403 Forbidden (graphql-ws). */
  private async authenticate(extra: Extra, params: ConnectionParams | undefined): Promise<boolean> {
    const authorization = typeof params?.authorization === 'string' ? params.authorization : undefined;
    try {
      await this.keys.authenticate(authorization);
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'invalid_api_key') return false;
      throw error;
    }
    this.state(extra.socket).authorization = authorization;
    return true;
  }

  private context(extra: Extra, id: string, active: boolean): GraphqlContext {
    const state = this.state(extra.socket);
    const abort = new AbortController();
    if (active) state.operations.set(id, abort);
    else abort.abort(new Error('subscription completed by the client'));
    return { transport: 'ws', authorization: state.authorization, abort, nextRequestId: requestIds(randomUUID()) };
  }

  /** Parse, validation (no introspection when it is off) and the depth and complexity limits, as over HTTP. */
  private prepare(
    query: string,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
  ): ExecutionArgs | readonly GraphQLError[] {
    const schema = this.schemaHost.schema;
    let document = this.documents.get(query);
    if (!document) {
      try {
        document = parse(query);
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
      }
      const invalid = validate(schema, document, this.rules);
      if (invalid.length > 0) return invalid;
      this.remember(query, document);
    }
    const limited = this.limits.errors(schema, document, operationName, variables);
    if (limited.length > 0) return limited;
    return { schema, document, operationName, variableValues: variables };
  }

  /** Dashboards send the same few operations again and again (as Apollo's document store does over HTTP). */
  private remember(query: string, document: DocumentNode): void {
    if (this.documents.size >= DOCUMENT_CACHE_SIZE) this.documents.delete(this.documents.keys().next().value as string);
    this.documents.set(query, document);
  }

  private abortAll(socket: WebSocket): void {
    const state = this.state(socket);
    for (const abort of state.operations.values()) abort.abort(new Error('socket closed'));
    state.operations.clear();
  }
}
