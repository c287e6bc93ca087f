import { afterEach, describe, expect, it } from '@jest/globals';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { metricValue, parseMetrics } from '../support/metrics.js';
import { waitFor } from '../support/wait-for.js';

interface OpenStream {
  /** Resolves with everything the stream sent, once it ends. */
  rest: Promise<string>;
  first: string;
}

/** Starts a streaming chat and returns once the first content chunk arrived. */
async function openStream(gateway: TestGateway, body: Record<string, unknown>): Promise<OpenStream> {
  const res = await gateway.request('/v1/chat/completions', {
    method: 'POST',
    json: { model: 'mock/lorem', stream: true, messages: [{ role: 'user', content: 'hi' }], ...body },
  });
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let first = '';
  while (!first.includes('"content"')) {
    const next = await reader.read();
    if (next.done) throw new Error(`stream ended before content: ${first}`);
    first += decoder.decode(next.value, { stream: true });
  }
  const rest = (async (): Promise<string> => {
    let text = first;
    for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value, { stream: true });
    return text;
  })();
  return { rest, first };
}

function exited(gateway: TestGateway): Promise<number | null> {
  return new Promise((resolve) => gateway.process.once('exit', (code) => resolve(code)));
}

const contentOf = (sse: string): string =>
  sse
    .split('\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => (JSON.parse(line.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content ?? '')
    .join('');

describe('graceful shutdown on SIGTERM', () => {
  let gateway: TestGateway | undefined;

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('stops accepting, lets an in-flight stream and request finish, records them, and exits 0', async () => {
    gateway = await startGateway({ env: { LOG_LEVEL: 'info' } });
    const g = gateway;
    const stream = await openStream(g, { max_tokens: 30, mock: { chunkDelayMs: 50 } });
    const slowJson = g.request('/v1/chat/completions', {
      method: 'POST',
      json: { model: 'mock/echo', messages: [{ role: 'user', content: 'still here' }], mock: { delayMs: 1500 } },
    });
    // The stream, the slow request and the scrape itself.
    await waitFor(
      async () => {
        const samples = parseMetrics(await (await g.request('/metrics', { key: null })).text());
        return metricValue(samples, 'switchyard_in_flight_requests') >= 3 ? true : undefined;
      },
      () => 'both requests to be in flight',
    );
    const exit = exited(g);
    g.process.kill('SIGTERM');
    await waitFor(
      async () => (g.output().includes('Shutting down (SIGTERM)') ? true : undefined),
      () => 'the drain to start',
    );

    // A new request is refused: no new connections, or 503 on a connection that was still open.
    const late = await g.request('/v1/models').then(
      (res) => res.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);

    const text = await stream.rest;
    expect(contentOf(text).split(' ')).toHaveLength(30);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const json = await slowJson;
    expect(json.status).toBe(200);
    expect(((await json.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toBe(
      'You said: still here',
    );

    expect(await exit).toBe(0);
    const output = g.output();
    expect(output).toContain('Every in-flight request finished');
    const streamLog = output.split('\n').find((line) => line.includes('"request finished"') && line.includes('"model":"lorem"'));
    expect(JSON.parse(streamLog as string)).toMatchObject({ status: 200, streamed: true, tokens: { completion: 30 } });
  });

  it('ends a stream that outlives the deadline with a final error event and [DONE], then exits 0', async () => {
    gateway = await startGateway({ env: { LOG_LEVEL: 'info', SWITCHYARD_SHUTDOWN_TIMEOUT_MS: '300' } });
    const g = gateway;
    const stream = await openStream(g, { max_tokens: 1000, mock: { chunkDelayMs: 100 } });
    const exit = exited(g);
    g.process.kill('SIGTERM');

    const text = await stream.rest;
    const events = text.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const error = JSON.parse((events.at(-2) as string).slice(6)) as { error: { code: string; message: string; truncated: boolean } };
    expect(error.error).toMatchObject({ code: 'no_provider_available', truncated: true });
    expect(error.error.message).toContain('shutting down');
    expect(contentOf(text).split(' ').length).toBeLessThan(1000);

    expect(await exit).toBe(0);
    expect(g.output()).toContain('Shutdown deadline passed: ended 1 request(s) still running');
    const streamLog = g
      .output()
      .split('\n')
      .find((line) => line.includes('"request finished"'));
    expect(JSON.parse(streamLog as string)).toMatchObject({ streamed: true, error: { code: 'no_provider_available' } });
  });
});
