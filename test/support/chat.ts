import type { TestGateway } from './gateway.js';

export interface ChatResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** POST /v1/chat/completions with one user message; extra body fields and headers as given. */
export async function chat(
  gateway: TestGateway,
  model: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<ChatResponse> {
  const res = await gateway.request('/v1/chat/completions', {
    method: 'POST',
    headers,
    json: { model, messages: [{ role: 'user', content: 'hello' }], ...extra },
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

export interface SseTranscript {
  status: number;
  headers: Headers;
  /** `: ...` comment lines, without the colon. */
  comments: string[];
  /** Parsed `data:` payloads; `[DONE]` stays a string. */
  data: unknown[];
}

/** A streamed chat read to the end and split into comments and data events. */
export async function chatStream(
  gateway: TestGateway,
  model: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<SseTranscript> {
  const res = await gateway.request('/v1/chat/completions', {
    method: 'POST',
    headers,
    json: { model, messages: [{ role: 'user', content: 'hello' }], stream: true, ...extra },
  });
  const text = await res.text();
  const comments: string[] = [];
  const data: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) comments.push(line.slice(1).trim());
    else if (line.startsWith('data: ')) {
      const payload = line.slice('data: '.length);
      data.push(payload === '[DONE]' ? payload : JSON.parse(payload));
    }
  }
  if (res.status !== 200) return { status: res.status, headers: res.headers, comments, data: [JSON.parse(text)] };
  return { status: res.status, headers: res.headers, comments, data };
}

/** The streamed text of chat chunks. */
export function streamedText(data: unknown[]): string {
  return data.map((event) => (event as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content ?? '').join('');
}
