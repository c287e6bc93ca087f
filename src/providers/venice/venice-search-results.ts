import type { StreamEvent } from '../openai-compatible/sse-events.js';

/**
 * With `venice_parameters.include_search_results_in_stream`, Venice's first
 * chunk carries `venice_search_results` and no choices (docs: api-reference
 * chat, venice_parameters). A choice-less chunk would read as a usage-only one
 * and be dropped, so it gets an empty choice and reaches the client as is.
 */
export async function* keepSearchResults(events: AsyncIterable<StreamEvent>): AsyncGenerator<StreamEvent> {
  for await (const event of events) {
    if (event.type !== 'data' || !event.data.includes('"venice_search_results"')) {
      yield event;
      continue;
    }
    const chunk = JSON.parse(event.data) as Record<string, unknown>;
    if (Array.isArray(chunk.choices) && chunk.choices.length > 0) {
      yield event;
      continue;
    }
    chunk.choices = [{ index: 0, delta: {}, finish_reason: null }];
    yield { ...event, data: JSON.stringify(chunk) };
  }
}
