/** One SSE frame as a client sees it: its `data:` payload, or a `:` comment. */
export type SseFrame = { data: string; event?: string } | { comment: string };

/** Splits a whole text/event-stream body into frames (blank-line separated, LF or CRLF). */
export function parseSseText(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  for (const block of text.replace(/\r\n/g, '\n').split('\n\n')) {
    const lines = block.split('\n').filter((line) => line.length > 0);
    if (lines.length === 0) continue;
    const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).replace(/^ /, ''));
    const event = lines
      .find((line) => line.startsWith('event:'))
      ?.slice(6)
      .trim();
    if (data.length > 0) frames.push({ data: data.join('\n'), ...(event !== undefined && { event }) });
    else for (const line of lines) if (line.startsWith(':')) frames.push({ comment: line.slice(1).trim() });
  }
  return frames;
}

/** The `data:` payloads of a stream, in order (`[DONE]` included). */
export function dataPayloads(text: string): string[] {
  return parseSseText(text).flatMap((frame) => ('data' in frame ? [frame.data] : []));
}

/** The data payloads that are JSON (everything but `[DONE]`), parsed. */
export function jsonChunks(text: string): Array<Record<string, unknown>> {
  return dataPayloads(text)
    .filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}

/** Comment lines (`: keep-alive`) of a stream. */
export function comments(text: string): string[] {
  return parseSseText(text).flatMap((frame) => ('comment' in frame ? [frame.comment] : []));
}
