import type { GatewayError } from '../errors/gateway-error.js';
import type { StreamEvent } from '../providers/openai-compatible/sse-events.js';
import { generatedText } from './generated-text.js';
import { estimateUsage } from './token-counter.js';
import { readUsage, type TokenUsage } from './token-usage.js';

export type StreamItem =
  /** A chunk to forward; `text` is the output it adds: answer, reasoning or tool-call text (empty for a role-only chunk). */
  | { type: 'chunk'; data: string; json: Record<string, unknown>; text: string }
  /** The upstream's usage-only chunk (`choices: []`). */
  | { type: 'usage'; data: string; json: Record<string, unknown> }
  | { type: 'end'; usage: TokenUsage; finishReason: string | null; costMicroUsd?: number }
  | { type: 'error'; error: GatewayError; truncated: boolean };

function deltaText(choice: Record<string, unknown>): string {
  if (choice.delta) return generatedText(choice.delta);
  return typeof choice.text === 'string' ? choice.text : '';
}

/** Chunk normalisation a provider needs (Together's `eos` finish reason); returns true if it changed. */
export type ChunkNormaliser = (chunk: Record<string, unknown>) => boolean;

/**
 * Turns upstream SSE events into items: comments are dropped (the gateway sends
 * its own heartbeats), usage is captured, and the stream always ends with an
 * `end` item carrying usage (counted when the upstream gave none) or an `error`.
 */
/** What a stream produced so far; read when the client leaves mid-stream to bill what was generated. */
export interface StreamProgress {
  completion: string;
  usage?: TokenUsage;
}

export async function* processStream(
  events: AsyncIterable<StreamEvent>,
  body: Record<string, unknown>,
  toError: (error: unknown) => GatewayError,
  normalise?: ChunkNormaliser,
  progress: StreamProgress = { completion: '' },
): AsyncGenerator<StreamItem> {
  let finishReason: string | null = null;
  let contentSent = false;
  let done = false;
  const end = async (): Promise<StreamItem> => ({
    type: 'end',
    usage: progress.usage ?? (await estimateUsage(body, progress.completion)),
    finishReason,
  });
  try {
    for await (const event of events) {
      if (done || event.type === 'comment') continue;
      if (event.data === '[DONE]') {
        // The end goes out at once, then the loop reads the upstream body to its
        // close: leaving it unfinished would make undici destroy it (an AbortError
        // per stream) instead of handing the connection back to the pool.
        done = true;
        yield await end();
        continue;
      }
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(event.data) as Record<string, unknown>;
      } catch {
        continue; // a malformed chunk is dropped rather than breaking the client's parser
      }
      if (json.error || event.event === 'error') throw json;
      progress.usage = readUsage(json) ?? progress.usage;
      const choices = Array.isArray(json.choices) ? (json.choices as Record<string, unknown>[]) : [];
      if (choices.length === 0) {
        if (json.usage) yield { type: 'usage', data: event.data, json };
        continue;
      }
      const data = normalise?.(json) ? JSON.stringify(json) : event.data;
      let text = '';
      for (const choice of choices) {
        text += deltaText(choice);
        if (typeof choice.finish_reason === 'string') finishReason = choice.finish_reason;
      }
      progress.completion += text;
      contentSent ||= text.length > 0;
      yield { type: 'chunk', data, json, text };
    }
  } catch (error) {
    // After [DONE] the answer is complete; a connection dropped while draining changes nothing.
    if (!done) yield { type: 'error', error: toError(error), truncated: contentSent };
    return;
  }
  if (!done) yield await end();
}
