import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { closedLoop, toMs, type LoadResult, type Phase, type StreamResult, type Target } from './load.js';

/** One GraphQL operation, sent again and again with the same text and variables (as a client app does). */
export interface GraphqlOperation {
  query: string;
  variables: Record<string, unknown>;
  /** The root field every answer must carry. */
  field: string;
}

const GRAPHQL_PATH = '/graphql';

interface GraphqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: unknown[];
}

function refused(target: Target, answer: string): Error {
  return new Error(`${target.label} answered GraphQL errors: ${answer.slice(0, 300)}`);
}

/** Operations over HTTP POST: the time until the whole answer is read; any GraphQL error stops the bench. */
export async function measureGraphqlRequests(target: Target, operation: GraphqlOperation, phase: Phase): Promise<LoadResult> {
  const headers = { ...target.headers, 'content-type': 'application/json' };
  const body = JSON.stringify({ query: operation.query, variables: operation.variables });
  const { samples, seconds, cpuMsPerRequest, completed } = await closedLoop(target, phase, async (pool) => {
    const started = process.hrtime.bigint();
    const res = await pool.request({ path: GRAPHQL_PATH, method: 'POST', headers, body });
    const text = await res.body.text();
    const latencyMs = toMs(started, process.hrtime.bigint());
    const answer = JSON.parse(text) as GraphqlAnswer;
    if (res.statusCode !== 200 || answer.errors || !answer.data?.[operation.field]) throw refused(target, text);
    return latencyMs;
  });
  return { latencyMs: Float64Array.from(samples), throughput: samples.length / seconds, cpuMsPerRequest, completed };
}

/** A graphql-ws client with its socket open and acknowledged, authenticated like the HTTP requests. */
function connect(target: Target): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client: Client = createClient({
      url: `${target.origin.replace(/^http/, 'ws')}${GRAPHQL_PATH}`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: target.headers.authorization },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: reject,
      on: { connected: () => resolve(client) },
    });
  });
}

/**
 * One subscription: time to the first token event and to `complete`, which
 * must follow a done event (`doneType`) like SSE's `[DONE]`.
 */
function subscribeOnce(client: Client, target: Target, operation: GraphqlOperation, tokenType: string, doneType: string) {
  return new Promise<readonly [number, number]>((resolve, reject) => {
    const started = process.hrtime.bigint();
    let firstToken: bigint | undefined;
    let done = false;
    client.subscribe(
      { query: operation.query, variables: operation.variables },
      {
        next: (result) => {
          const event = result.data?.[operation.field] as { __typename?: string } | undefined;
          if (event?.__typename === tokenType) firstToken ??= process.hrtime.bigint();
          else if (event?.__typename === doneType) done = true;
          else reject(refused(target, JSON.stringify(result)));
        },
        error: (error) => reject(error instanceof Error ? error : refused(target, JSON.stringify(error))),
        complete: () => {
          const ended = process.hrtime.bigint();
          if (done) resolve([toMs(started, firstToken ?? ended), toMs(started, ended)] as const);
          else reject(new Error(`${target.label} completed a subscription without ${doneType}`));
        },
      },
    );
  });
}

/**
 * Subscriptions over graphql-ws, one socket per concurrent stream, opened
 * before the clock starts (as keep-alive connections are for HTTP). Each
 * subscription takes an idle socket and gives it back when it completes.
 */
export async function measureGraphqlStreams(
  target: Target,
  operation: GraphqlOperation,
  phase: Phase,
  events: { token: string; done: string },
): Promise<StreamResult> {
  const clients = await Promise.all(Array.from({ length: phase.connections }, () => connect(target)));
  const idle = [...clients];
  try {
    // closedLoop's HTTP pool stays unused: the sockets above carry the work.
    const { samples, seconds, cpuMsPerRequest } = await closedLoop(target, phase, async () => {
      const client = idle.pop() as Client;
      try {
        return await subscribeOnce(client, target, operation, events.token, events.done);
      } finally {
        idle.push(client);
      }
    });
    return {
      firstByteMs: Float64Array.from(samples, (s) => s[0]),
      totalMs: Float64Array.from(samples, (s) => s[1]),
      throughput: samples.length / seconds,
      cpuMsPerRequest,
    };
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
  }
}
