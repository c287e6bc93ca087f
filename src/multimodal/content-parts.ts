import type { InputKind } from './input-kinds.js';

/** One inline payload (data URI or bare base64) and where it sits in the request. */
export interface InlinePayload {
  /** `messages[1].content[0].image_url.url`, for the error's `param`. */
  param: string;
  bytes: number;
}

export interface ContentScan {
  kinds: Set<InputKind>;
  inline: InlinePayload[];
}

const KIND_OF_PART: Record<string, InputKind> = { image_url: 'image', file: 'file', input_audio: 'audio' };

/** Decoded size of base64 text without decoding it. */
export function base64Bytes(text: string): number {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '=' || text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return Math.floor((end * 3) / 4);
}

/** The payload of a `data:…;base64,` URI, or undefined for anything else (https URLs, file ids). */
export function dataUriBytes(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value.startsWith('data:')) return undefined;
  const comma = value.indexOf(',');
  if (comma < 0) return undefined;
  const meta = value.slice(5, comma);
  return meta.endsWith(';base64') ? base64Bytes(value.slice(comma + 1)) : value.length - comma - 1;
}

function inlineOf(part: Record<string, unknown>, type: string, at: string): InlinePayload | undefined {
  const body = (part[type] ?? {}) as Record<string, unknown>;
  if (type === 'image_url') {
    const bytes = dataUriBytes(body.url);
    return bytes === undefined ? undefined : { param: `${at}.image_url.url`, bytes };
  }
  if (type === 'file') {
    const bytes = dataUriBytes(body.file_data);
    return bytes === undefined ? undefined : { param: `${at}.file.file_data`, bytes };
  }
  // input_audio.data is bare base64 (OpenAI), not a data URI.
  return typeof body.data === 'string' ? { param: `${at}.input_audio.data`, bytes: base64Bytes(body.data) } : undefined;
}

/** The kinds of non-text input in chat messages, and every inline payload with its size. */
export function scanMessages(messages: unknown): ContentScan {
  const scan: ContentScan = { kinds: new Set(), inline: [] };
  if (!Array.isArray(messages)) return scan;
  messages.forEach((message: { content?: unknown }, m) => {
    if (!Array.isArray(message?.content)) return;
    message.content.forEach((part: unknown, p) => {
      if (!part || typeof part !== 'object') return;
      const type = (part as { type?: unknown }).type;
      const kind = typeof type === 'string' ? KIND_OF_PART[type] : undefined;
      if (!kind) return;
      scan.kinds.add(kind);
      const inline = inlineOf(part as Record<string, unknown>, type as string, `messages[${m}].content[${p}]`);
      if (inline) scan.inline.push(inline);
    });
  });
  return scan;
}
