import { describe, expect, it } from '@jest/globals';
import { multipartBody } from './multipart-body.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

describe('multipartBody', () => {
  it('writes fields, then the file chunk by chunk, then the closing boundary', async () => {
    const out: Buffer[] = [];
    for await (const chunk of multipartBody(
      'B',
      { purpose: 'fine-tune' },
      { filename: 'a"b.jsonl', contentType: 'application/jsonl', content: chunks('{"a":', '1}\n') },
    )) {
      out.push(chunk);
    }

    expect(Buffer.concat(out).toString()).toBe(
      '--B\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n' +
        '--B\r\nContent-Disposition: form-data; name="file"; filename="a%22b.jsonl"\r\nContent-Type: application/jsonl\r\n\r\n' +
        '{"a":1}\n\r\n--B--\r\n',
    );
    // The file's chunks pass one by one, never joined.
    expect(out.map((b) => b.toString())).toContain('{"a":');
  });
});
