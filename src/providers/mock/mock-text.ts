const LOREM =
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris'.split(
    ' ',
  );

type Message = { role?: string; content?: unknown };

export function lastUserText(body: Record<string, unknown>): string {
  if (typeof body.prompt === 'string') return body.prompt;
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  const user = [...messages].reverse().find((m) => m.role === 'user');
  const content = user?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join(' ');
  return '';
}

/** The words the mock answers with: an echo of the prompt, or deterministic lorem ipsum. */
export function mockWords(model: string, body: Record<string, unknown>): string[] {
  const limit = typeof body.max_tokens === 'number' && body.max_tokens > 0 ? body.max_tokens : 16;
  if (model === 'echo') return `You said: ${lastUserText(body)}`.split(/\s+/).filter(Boolean).slice(0, Math.max(limit, 3));
  return Array.from({ length: limit }, (_, i) => LOREM[i % LOREM.length]);
}

export function promptTokenCount(body: Record<string, unknown>): number {
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  const text = messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? ''))).join(' ');
  const all = `${text} ${typeof body.prompt === 'string' ? body.prompt : ''}`;
  return all.split(/\s+/).filter(Boolean).length + messages.length * 3;
}

/** A deterministic unit vector derived from the text, so equal inputs embed equally. */
export function mockEmbedding(text: string, dims: number): number[] {
  let seed = 2166136261;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 16777619);
  const values = Array.from({ length: dims }, (_, i) => Math.sin(seed + i * 9973));
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return values.map((v) => Number((v / norm).toFixed(6)));
}
