import { createParser } from 'eventsource-parser';

export type StreamEvent = { type: 'data'; data: string; event?: string } | { type: 'comment'; text: string };

/**
 * Parses an upstream SSE body into events as bytes arrive. eventsource-parser
 * buffers partial lines, so a JSON chunk split across TCP reads arrives whole.
 */
export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent> {
  const pending: StreamEvent[] = [];
  const parser = createParser({
    onEvent: (event) => pending.push({ type: 'data', data: event.data, event: event.event }),
    onComment: (text) => pending.push({ type: 'comment', text }),
  });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (pending.length > 0) yield pending.shift() as StreamEvent;
  }
}
