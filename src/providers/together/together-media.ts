/**
 * Together's images and files speak their own dialect of OpenAI's
 * (together-typescript `src/resources/images.ts`, `files.ts`; PROVIDERS.md §3).
 */

/** `size: "WxH"` becomes `width`/`height`; `response_format` is `base64` or `url`. */
export function toTogetherImageBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  const size = typeof body.size === 'string' ? /^(\d+)x(\d+)$/.exec(body.size) : null;
  if (size) {
    delete out.size;
    out.width ??= Number(size[1]);
    out.height ??= Number(size[2]);
  }
  if (body.response_format === 'b64_json') out.response_format = 'base64';
  return out;
}

/** `{id, bytes, created_at, filename, purpose, FileType, Processed}` as OpenAI's file object (extras kept). */
export function toOpenAIFile(json: unknown): unknown {
  if (!json || typeof json !== 'object') return json;
  const file = json as Record<string, unknown>;
  return { ...file, object: 'file', status: file.Processed === true ? 'processed' : 'uploaded' };
}
