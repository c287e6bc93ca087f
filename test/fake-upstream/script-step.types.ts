import type { RecordedRequest } from './recorded-request.js';

export type HeaderMap = Record<string, string>;

/** One unit of an SSE body, written in order. */
export type SseStep =
  /** Written as `event: <event>\n` (if set) + `data: <payload>\n\n`; strings (e.g. `[DONE]`) go verbatim, anything else is JSON-stringified. */
  | { data: unknown; event?: string }
  /** Written as `: <comment>\n\n`; clients must ignore it (OpenRouter keep-alives, PROVIDERS.md §2). */
  | { comment: string }
  | { delayMs: number }
  /** Written verbatim, so a frame can be split across TCP writes. */
  | { raw: string }
  /** Destroys the socket mid-stream. */
  | { drop: true };

interface ResponseStepBase {
  status?: number;
  headers?: HeaderMap;
  /** Waits before writing the status line. */
  delayMs?: number;
}

export interface JsonStep extends ResponseStepBase {
  json: unknown;
}

export interface BodyStep extends ResponseStepBase {
  body: string | Buffer;
}

export interface SseResponseStep extends ResponseStepBase {
  sse: SseStep[];
}

/** Destroys the socket without writing a response. */
export interface DropStep {
  drop: true;
  delayMs?: number;
}

/** Never responds; the socket is released when the client leaves or the fake closes. */
export interface HangStep {
  hang: true;
}

export type ScriptStep = JsonStep | BodyStep | SseResponseStep | DropStep | HangStep;

export type RouteHandler = (req: RecordedRequest) => ScriptStep | Promise<ScriptStep>;
