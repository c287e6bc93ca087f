import type { GatewayOperation } from '../../providers/provider.types.js';
import { estimateUsage } from '../../routing/token-counter.js';
import type { BillableUsage } from '../prices/price.js';

/** Other tokenizers (Llama, Mistral, Qwen) can count more than cl100k for the same text. */
const PROMPT_MARGIN = 1.25;
/** An image, audio or file part counts far more than its text: a high-detail image is up to ~1,500 tokens. */
const NON_TEXT_PART_TOKENS = 1_500;

function nonTextParts(body: Record<string, unknown>): number {
  if (!Array.isArray(body.messages)) return 0;
  let parts = 0;
  for (const message of body.messages as Array<{ content?: unknown }>) {
    if (!Array.isArray(message?.content)) continue;
    for (const part of message.content as Array<{ type?: unknown }>) if (part?.type !== 'text') parts++;
  }
  return parts;
}

const positiveInt = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

/**
 * The most a request can consume, for the credit reservation: the counted
 * prompt with a margin, plus `max_tokens` (or the route's default, or the
 * configured cap) for every choice. Embeddings produce no completion.
 */
export async function worstCaseUsage(
  body: Record<string, unknown>,
  operation: GatewayOperation,
  routeMaxTokens: number | undefined,
  defaultMaxTokens: number,
): Promise<BillableUsage> {
  const counted = (await estimateUsage(body, '')).promptTokens;
  const promptTokens = Math.ceil(counted * PROMPT_MARGIN) + nonTextParts(body) * NON_TEXT_PART_TOKENS;
  // Embeddings generate no completion tokens (media requests are reserved by their units: unit-price.ts).
  if (operation !== 'chat' && operation !== 'completions') return { promptTokens, completionTokens: 0 };
  const perChoice = positiveInt(body.max_tokens) ?? positiveInt(body.max_completion_tokens) ?? routeMaxTokens ?? defaultMaxTokens;
  return { promptTokens, completionTokens: perChoice * (positiveInt(body.n) ?? 1) };
}
