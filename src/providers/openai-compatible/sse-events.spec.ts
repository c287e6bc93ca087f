import { describe, expect, it } from '@jest/globals';
import { parseSse, type StreamEvent } from './sse-events.js';

const encoder = new TextEncoder();

async function* bytes(...parts: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? encoder.encode(part) : part;
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of parseSse(source)) events.push(event);
  return events;
}

describe('parseSse', () => {
  it('yields data events in order, [DONE] included', async () => {
    expect(await collect(bytes('data: {"a":1}\n\ndata: {"a":2}\n\ndata: [DONE]\n\n'))).toEqual([
      { type: 'data', data: '{"a":1}' },
      { type: 'data', data: '{"a":2}' },
      { type: 'data', data: '[DONE]' },
    ]);
  });

  it('reassembles a JSON chunk split across reads, wherever the cut falls', async () => {
    const frame = 'data: {"choices":[{"delta":{"content":"Hello"}}]}\n\n';
    for (let cut = 1; cut < frame.length; cut++) {
      const events = await collect(bytes(frame.slice(0, cut), frame.slice(cut)));
      expect(events).toEqual([{ type: 'data', data: '{"choices":[{"delta":{"content":"Hello"}}]}' }]);
    }
  });

  it('reassembles a multi-byte character split between two reads', async () => {
    const frame = encoder.encode('data: {"content":"24 €, 🚀"}\n\n');
    const euro = frame.indexOf(0xe2);
    const events = await collect(bytes(frame.slice(0, euro + 1), frame.slice(euro + 1, euro + 6), frame.slice(euro + 6)));
    expect(events).toEqual([{ type: 'data', data: '{"content":"24 €, 🚀"}' }]);
  });

  it('reports comment lines (OpenRouter keep-alives) as comments, not data', async () => {
    const events = await collect(bytes(': OPENROUTER PROCESSING\n\n', 'data: {"a":1}\n\n: OPENROUTER PROCESSING\n\n', 'data: [DONE]\n\n'));
    expect(events).toEqual([
      { type: 'comment', text: 'OPENROUTER PROCESSING' },
      { type: 'data', data: '{"a":1}' },
      { type: 'comment', text: 'OPENROUTER PROCESSING' },
      { type: 'data', data: '[DONE]' },
    ]);
  });

  it('accepts CRLF and CR line endings', async () => {
    expect(await collect(bytes('data: {"a":1}\r\n\r\ndata: {"a":2}\r\rdata: [DONE]\n\n'))).toEqual([
      { type: 'data', data: '{"a":1}' },
      { type: 'data', data: '{"a":2}' },
      { type: 'data', data: '[DONE]' },
    ]);
  });

  it('keeps the event name (event: error) and joins multi-line data', async () => {
    expect(await collect(bytes('event: error\ndata: {"error":\ndata: "boom"}\n\n'))).toEqual([
      { type: 'data', data: '{"error":\n"boom"}', event: 'error' },
    ]);
  });

  it('yields each event as soon as its frame is complete, before the body ends', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: first\n\n');
      await gate;
      yield encoder.encode('data: second\n\n');
    }
    const iterator = parseSse(slow())[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: { type: 'data', data: 'first' } });
    release();
    expect(await iterator.next()).toEqual({ done: false, value: { type: 'data', data: 'second' } });
    expect((await iterator.next()).done).toBe(true);
  });

  it('ignores an unterminated last frame, as the SSE spec requires', async () => {
    expect(await collect(bytes('data: {"a":1}\n\ndata: {"a":'))).toEqual([{ type: 'data', data: '{"a":1}' }]);
  });

  it('propagates a read error from the body', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: {"a":1}\n\n');
      throw new Error('socket hang up');
    }
    const seen: StreamEvent[] = [];
    await expect(
      (async () => {
        for await (const event of parseSse(failing())) seen.push(event);
      })(),
    ).rejects.toThrow('socket hang up');
    expect(seen).toEqual([{ type: 'data', data: '{"a":1}' }]);
  });
});
