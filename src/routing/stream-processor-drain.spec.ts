import { describe, expect, it } from '@jest/globals';
import { GatewayError } from '../errors/gateway-error.js';
import type { StreamEvent } from '../providers/openai-compatible/sse-events.js';
import { processStream, type StreamItem } from './stream-processor.js';

const toError = (error: unknown): GatewayError => new GatewayError('upstream_error', String((error as Error)?.message ?? error));
const chunk = (content: string, finish: string | null = null): StreamEvent => ({
  type: 'data',
  data: JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] }),
});
const usage: StreamEvent = {
  type: 'data',
  data: JSON.stringify({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }),
};

/** An upstream body as the adapter sees it, recording how far it was read and whether it was cut short. */
function upstream(events: StreamEvent[], tail: () => Promise<void> = async () => undefined) {
  const seen = { read: 0, returnedEarly: false, finished: false };
  async function* body(): AsyncGenerator<StreamEvent> {
    let completed = false;
    try {
      for (const event of events) {
        seen.read++;
        yield event;
      }
      await tail();
      completed = true;
    } finally {
      seen.finished = completed;
      seen.returnedEarly = !completed;
    }
  }
  return { body: body(), seen };
}

describe('processStream', () => {
  it('forwards chunks, holds usage, and ends with the upstream usage', async () => {
    const { body } = upstream([chunk('Hel'), chunk('lo', 'stop'), usage, { type: 'data', data: '[DONE]' }]);
    const items: StreamItem[] = [];
    for await (const item of processStream(body, {}, toError)) items.push(item);
    expect(items.map((item) => item.type)).toEqual(['chunk', 'chunk', 'usage', 'end']);
    expect(items.at(-1)).toEqual({
      type: 'end',
      usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5, estimated: false },
      finishReason: 'stop',
    });
  });

  it('yields the end at [DONE] at once, then reads the upstream body to its end instead of cutting it short', async () => {
    let releaseTail!: () => void;
    const tailReached = new Promise<void>((resolve) => (releaseTail = resolve));
    const { body, seen } = upstream([chunk('Hi', 'stop'), usage, { type: 'data', data: '[DONE]' }, chunk('ignored')], () => tailReached);
    const items = processStream(body, {}, toError)[Symbol.asyncIterator]();
    expect((await items.next()).value).toMatchObject({ type: 'chunk', text: 'Hi' });
    expect((await items.next()).value).toMatchObject({ type: 'usage' });
    // The end arrives while the upstream body is still open.
    expect((await items.next()).value).toMatchObject({ type: 'end', finishReason: 'stop' });
    expect(seen.finished).toBe(false);
    const rest = items.next();
    releaseTail();
    expect(await rest).toEqual({ done: true, value: undefined });
    expect(seen).toEqual({ read: 4, returnedEarly: false, finished: true });
  });

  it('ignores a failure after [DONE]: the answer was complete', async () => {
    const { body } = upstream([chunk('Hi', 'stop'), { type: 'data', data: '[DONE]' }], async () => {
      throw new Error('socket hang up');
    });
    const items: StreamItem[] = [];
    for await (const item of processStream(body, {}, toError)) items.push(item);
    expect(items.map((item) => item.type)).toEqual(['chunk', 'end']);
  });

  it('ends with an error item, marked truncated, when the upstream fails mid-stream', async () => {
    const { body } = upstream([chunk('Hi')], async () => {
      throw new Error('socket hang up');
    });
    const items: StreamItem[] = [];
    for await (const item of processStream(body, {}, toError)) items.push(item);
    expect(items.map((item) => item.type)).toEqual(['chunk', 'error']);
    expect(items.at(-1)).toMatchObject({ type: 'error', truncated: true });
  });
});
