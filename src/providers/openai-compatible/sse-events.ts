import { createParser } from 'eventsource-parser';

export type StreamEvent = { type: 'data'; data: string; event?: string } | { type: 'comment'; text: string };

export interface SseOptions {
  /** Rewrites an event's data before it is passed on (a provider redacts its keys from error events). */
  mapData?(data: string): string;
  /** Turns a failure to read the body into the provider's own failure. */
  mapError?(error: unknown): unknown;
}

/**
 * Parses an upstream SSE body into events as bytes arrive. eventsource-parser
 * buffers partial lines, so a JSON chunk split across TCP reads arrives whole.
 * The provider's mapping happens here rather than in a generator of its own:
 * every layer of async generators costs promises on every chunk.
 */
export async function* parseSse(body: AsyncIterable<Uint8Array>, options: SseOptions = {}): AsyncGenerator<StreamEvent> {
  const { mapData, mapError } = options;
  const pending: StreamEvent[] = [];
  const parser = createParser({
    onEvent: (event) => pending.push({ type: 'data', data: mapData ? mapData(event.data) : event.data, event: event.event }),
    onComment: (text) => pending.push({ type: 'comment', text }),
  });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of body) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      while (pending.length > 0) yield pending.shift() as StreamEvent;
    }
  } catch (error) {
    throw mapError ? mapError(error) : error;
  }
}
