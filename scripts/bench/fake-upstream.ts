import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Words of the canned answer; the stream sends one per chunk. */
const WORDS = 'The quick brown fox jumps over the lazy dog while the gateway forwards every chunk as soon as it arrives'.split(' ');
const CREATED = 1_700_000_000;
/** What every answer reports it used: what a priced request is charged for. */
export const USAGE = { prompt_tokens: 12, completion_tokens: WORDS.length, total_tokens: 12 + WORDS.length };

function chunk(delta: Record<string, unknown>, finishReason: string | null): Buffer {
  const json = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: CREATED,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return Buffer.from(`data: ${JSON.stringify(json)}\n\n`);
}

// Everything is built once so the fake spends no time per request beyond the socket work.
const COMPLETION = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: CREATED,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: WORDS.join(' ') }, finish_reason: 'stop' }],
    usage: USAGE,
  }),
);
const STREAM: Buffer[] = [
  ...WORDS.map((word, i) =>
    chunk(i === 0 ? { role: 'assistant', content: word } : { content: ` ${word}` }, i === WORDS.length - 1 ? 'stop' : null),
  ),
  Buffer.from(
    `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: CREATED, model: 'gpt-4o-mini', choices: [], usage: USAGE })}\n\n`,
  ),
  Buffer.from('data: [DONE]\n\n'),
];
/** A model the fake refuses at once with a 503, like an overloaded provider: the first target of a failover route. */
export const FAILING_MODEL = 'bench-fail-503';
const FAILING_FLAG = Buffer.from(`"${FAILING_MODEL}"`);
const OVERLOADED = Buffer.from(
  JSON.stringify({
    error: { message: 'The engine is currently overloaded, please try again later', type: 'server_error', param: null, code: null },
  }),
);
const MODELS = Buffer.from(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'bench' }] }));
const STREAM_FLAG = Buffer.from('"stream":true');
/** A model id ending in `-every-<n>ms` paces the stream like a real model: one chunk every n ms. */
const PACING = /-every-(\d+)ms"/;

/** The model id that asks the fake for a stream with `intervalMs` between chunks. */
export function pacedModel(intervalMs: number): string {
  return `gpt-4o-mini-every-${intervalMs}ms`;
}

/**
 * Writes the first chunk at once and each next one after `intervalMs`, or on
 * the next event-loop turn when 0, so every chunk leaves as its own TCP write.
 */
function writeStream(res: ServerResponse, intervalMs: number, index = 0): void {
  if (res.destroyed) return;
  // Like real providers, the body ends together with [DONE].
  if (index === STREAM.length - 1) {
    res.end(STREAM[index]);
    return;
  }
  res.write(STREAM[index]);
  if (intervalMs > 0) setTimeout(writeStream, intervalMs, res, intervalMs, index + 1);
  else setImmediate(writeStream, res, intervalMs, index + 1);
}

function answer(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  if (req.method === 'GET' && req.url === '/v1/models') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': MODELS.length }).end(MODELS);
  } else if (req.method === 'POST' && req.url === '/v1/chat/completions') {
    if (body.includes(FAILING_FLAG)) {
      res.writeHead(503, { 'content-type': 'application/json', 'content-length': OVERLOADED.length }).end(OVERLOADED);
    } else if (body.includes(STREAM_FLAG)) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      writeStream(res, Number(PACING.exec(body.toString('latin1'))?.[1] ?? 0));
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': COMPLETION.length }).end(COMPLETION);
    }
  } else {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found","type":"invalid_request_error"}}');
  }
}

/** An OpenAI-compatible upstream that answers at once: chat completions (JSON or SSE) and the model list. */
export function createFakeUpstream(): Server {
  const server = createServer({ keepAlive: true, keepAliveTimeout: 120_000 }, (req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => answer(req, res, parts.length === 1 ? parts[0] : Buffer.concat(parts)));
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  return server;
}
