import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string, still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the content-type says JSON and it parses, else the raw Buffer. */
  readonly body: unknown;
  readonly rawBody: Buffer;
  /** `performance.now()` when the request line arrived. */
  readonly at: number;
  /** True once the client closed the connection before the response finished. */
  aborted: boolean;
}

/** Reads the whole request body; a client that leaves mid-upload yields a record with `aborted: true`. */
export async function recordRequest(req: IncomingMessage, at: number): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  let aborted = false;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  } catch {
    aborted = true;
  }
  const rawBody = Buffer.concat(chunks);
  const headers = flattenHeaders(req.headers);
  const url = new URL(req.url ?? '/', 'http://fake-upstream.invalid');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: parseBody(rawBody, headers['content-type']),
    rawBody,
    at,
    aborted,
  };
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function parseBody(rawBody: Buffer, contentType: string | undefined): unknown {
  // application/json and the +json family; anything else (multipart, audio) stays bytes.
  if (contentType === undefined || !/[/+]json\b/i.test(contentType) || rawBody.length === 0) return rawBody;
  try {
    return JSON.parse(rawBody.toString('utf8')) as unknown;
  } catch {
    return rawBody;
  }
}
