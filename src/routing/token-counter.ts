import type { TokenUsage } from './token-usage.js';

type CountTokens = (text: string) => number;
let counter: Promise<CountTokens> | undefined;

// Loaded on first use: the encoder tables cost memory and start-up time that
// requests with upstream-reported usage never need.
function loadCounter(): Promise<CountTokens> {
  counter ??= import('gpt-tokenizer').then((module) => module.countTokens as CountTokens);
  return counter;
}

/**
 * Loads the encoder now (~200 ms of parsing that blocks the event loop, ~20 MiB
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

/** Approximates the prompt side with the o200k encoding plus OpenAI's per-message overhead. */
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
