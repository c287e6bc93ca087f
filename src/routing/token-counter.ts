import type { TokenUsage } from './token-usage.js';

type CountTokens = (text: string) => number;
let counter: Promise<CountTokens> | undefined;

// Loaded on first use: the encoder tables cost memory and start-up time that
// requests with upstream-reported usage never need. cl100k rather than o200k:
// half the tables (10 MiB of heap, about 20 MiB less peak RSS, 100 ms to
// load), and its smaller vocabulary counts as many tokens as o200k or more
// (8-18% more on French and Japanese samples), the safe side for credit holds.
// The open models that report no usage themselves (Llama 3 builds on cl100k)
// are not counted exactly by either.
function loadCounter(): Promise<CountTokens> {
  counter ??= import('gpt-tokenizer/encoding/cl100k_base').then((module) => module.countTokens as CountTokens);
  return counter;
}

/**
 * Loads the encoder now (~100 ms of parsing that blocks the event loop, ~10 MiB
 * of heap) so a request that must count tokens does not pay for it.
 */
export async function warmTokenizer(): Promise<void> {
  (await loadCounter())('warm-up');
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join(' ');
  return '';
}

/** Approximates the prompt side with the cl100k encoding plus OpenAI's per-message overhead. */
export async function estimateUsage(body: Record<string, unknown>, completionText: string): Promise<TokenUsage> {
  const count = await loadCounter();
  let prompt = 0;
  if (Array.isArray(body.messages)) {
    for (const message of body.messages as Array<{ content?: unknown }>) prompt += count(contentText(message.content)) + 4;
    prompt += 3;
  } else if (typeof body.prompt === 'string') {
    prompt = count(body.prompt);
  } else if (body.input !== undefined) {
    prompt = count(Array.isArray(body.input) ? body.input.join(' ') : String(body.input));
  }
  const completion = completionText ? count(completionText) : 0;
  return { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion, estimated: true };
}
