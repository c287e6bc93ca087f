/** A chat `delta` (streams) or `message` (whole responses): the parts a model generates. */
interface GeneratedParts {
  content?: unknown;
  reasoning?: unknown;
  reasoning_content?: unknown;
  tool_calls?: Array<{ function?: { name?: unknown; arguments?: unknown } }>;
}

/**
 * Everything a model generated, not only answer text: reasoning (OpenRouter
 * `reasoning`, Venice/Together `reasoning_content`) and tool calls are output
 * too. They count toward tokens when the upstream reports no usage, and in a
 * stream they may run long before any answer text, so they must not be held back.
 */
export function generatedText(parts: unknown): string {
  const p = (parts ?? {}) as GeneratedParts;
  let text = '';
  for (const part of [p.reasoning, p.reasoning_content, p.content]) if (typeof part === 'string') text += part;
  for (const call of Array.isArray(p.tool_calls) ? p.tool_calls : []) {
    for (const part of [call?.function?.name, call?.function?.arguments]) if (typeof part === 'string') text += part;
  }
  return text;
}
