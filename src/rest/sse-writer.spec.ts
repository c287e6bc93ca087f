import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StreamItem } from '../routing/stream-processor.js';
import { SseResponse } from './sse-writer.js';

const usage = { promptTokens: 3, completionTokens: 2, totalTokens: 5, estimated: false };

async function* items(): AsyncGenerator<StreamItem> {
  yield { type: 'chunk', data: '{"choices":[{"delta":{"content":"Hel"}}]}', json: {}, text: 'Hel' };
  yield { type: 'chunk', data: '{"choices":[{"delta":{"content":"lo"}}]}', json: {}, text: 'lo' };
  yield { type: 'usage', data: '', json: { object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 3 } } };
  yield { type: 'end', usage, finishReason: 'stop', costMicroUsd: 1500 };
}

describe('SseResponse', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  async function serve(includeUsage: boolean): Promise<Response> {
    server = createServer((_req, res) => {
      const sse = new SseResponse(res, 15_000);
      sse.open({ 'x-request-id': 'r1' });
      void sse.pipe(items(), includeUsage);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  }

  it('sends the headers, every chunk in order, the usage chunk when asked, and [DONE] last', async () => {
    const res = await serve(true);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('x-request-id')).toBe('r1');
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.slice(0, 2)).toEqual([
      'data: {"choices":[{"delta":{"content":"Hel"}}]}',
      'data: {"choices":[{"delta":{"content":"lo"}}]}',
    ]);
    expect(JSON.parse(events[2].slice('data: '.length))).toEqual({
      object: 'chat.completion.chunk',
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, cost_usd: 0.0015 },
    });
    expect(events.slice(3)).toEqual(['data: [DONE]']);
  });

  it('ends the response at the end item while the upstream body is still being drained', async () => {
    let releaseUpstream!: () => void;
    const upstreamClosed = new Promise<void>((resolve) => (releaseUpstream = resolve));
    async function* draining(): AsyncGenerator<StreamItem> {
      yield { type: 'chunk', data: '{"choices":[]}', json: {}, text: 'x' };
      yield { type: 'end', usage, finishReason: 'stop' };
      await upstreamClosed;
    }
    let written: Promise<void> | undefined;
    server = createServer((_req, res) => {
      const sse = new SseResponse(res, 15_000);
      sse.open({});
      written = sse.pipe(draining(), false);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await expect(res.text()).resolves.toBe('data: {"choices":[]}\n\ndata: [DONE]\n\n');
    releaseUpstream();
    await written;
  });

  it('leaves the usage chunk out unless the client asked for it', async () => {
    const events = (await (await serve(false)).text()).split('\n\n').filter(Boolean);
    expect(events).toHaveLength(3);
    expect(events.at(-1)).toBe('data: [DONE]');
  });
});
