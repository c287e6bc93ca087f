import type { FileUploadCall } from '../media.types.js';

/** Quotes a form-data parameter value (RFC 7578 §4.2): no CR/LF, escaped quotes. */
function quoted(value: string): string {
  return `"${value.replace(/[\r\n]/g, ' ').replace(/"/g, '%22')}"`;
}

/**
 * A multipart/form-data body produced as the file arrives: text fields, then
 * the file part whose bytes are passed through chunk by chunk, then the closing
 * boundary. Nothing but the current chunk is held in memory.
 */
export async function* multipartBody(
  boundary: string,
  fields: Record<string, string>,
  file: Pick<FileUploadCall, 'filename' | 'contentType' | 'content'>,
): AsyncGenerator<Buffer> {
  for (const [name, value] of Object.entries(fields)) {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}\r\n\r\n${value}\r\n`);
  }
  yield Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename=${quoted(file.filename)}\r\n` +
      `Content-Type: ${file.contentType.replace(/[\r\n]/g, '')}\r\n\r\n`,
  );
  for await (const chunk of file.content) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}
