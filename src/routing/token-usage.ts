export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** True when the gateway counted the tokens because the upstream reported none. */
  estimated: boolean;
}

/** OpenAI-shaped `usage` from a response or chunk; undefined when absent or null. */
export function readUsage(json: unknown): TokenUsage | undefined {
  const usage = (json as { usage?: Record<string, unknown> | null })?.usage;
  if (!usage || typeof usage !== 'object') return undefined;
  const prompt = typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : 0;
  const completion = typeof usage.completion_tokens === 'number' ? usage.completion_tokens : 0;
  const total = typeof usage.total_tokens === 'number' ? usage.total_tokens : prompt + completion;
  return { promptTokens: prompt, completionTokens: completion, totalTokens: total, estimated: false };
}

export function toWireUsage(usage: TokenUsage): Record<string, number> {
  return { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.totalTokens };
}
