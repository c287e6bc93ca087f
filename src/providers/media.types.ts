import type { Readable } from 'node:stream';

/** An OpenAI images request (`{model, prompt, n, size, response_format, …}`), `model` set to the upstream id. */
export interface ImageCall {
  body: Record<string, unknown>;
  signal: AbortSignal;
  requestId: string;
}

/** OpenAI's images response: `{created, data: [{b64_json | url, revised_prompt?}]}`. */
export interface ImageResponse {
  json: { created: number; data: Array<Record<string, unknown>> };
  keyAlias?: string;
}

/** An OpenAI speech request (`{model, input, voice, response_format, speed}`), `model` set to the upstream id. */
export interface SpeechCall {
  body: Record<string, unknown>;
  signal: AbortSignal;
  requestId: string;
}

/** A binary upstream answer, streamed: the caller must consume or destroy `body`. */
export interface UpstreamBinaryResponse {
  contentType: string;
  contentLength?: number;
  body: Readable;
  keyAlias?: string;
}

/** A file on its way from the client to the provider, never held whole in memory. */
export interface FileUploadCall {
  filename: string;
  contentType: string;
  /** OpenAI `purpose` (`fine-tune`, `batch`, `assistants`, …). */
  purpose: string;
  /** Other text fields of the client's form, forwarded as they came. */
  fields: Record<string, string>;
  content: AsyncIterable<Uint8Array>;
  signal: AbortSignal;
  requestId: string;
}
