import { describe, expect, it } from '@jest/globals';
import { base64Bytes, dataUriBytes, scanMessages } from './content-parts.js';

describe('content parts', () => {
  it('sizes base64 without decoding it', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'hello world!!']) {
      expect(base64Bytes(Buffer.from(text).toString('base64'))).toBe(text.length);
    }
  });

  it('sizes data URIs and ignores https URLs and file ids', () => {
    expect(dataUriBytes(`data:image/png;base64,${Buffer.alloc(300).toString('base64')}`)).toBe(300);
    expect(dataUriBytes('data:text/plain,hello')).toBe(5);
    expect(dataUriBytes('https://example.com/cat.png')).toBeUndefined();
    expect(dataUriBytes(undefined)).toBeUndefined();
  });

  it('finds every kind of non-text part and each inline payload with its place', () => {
    const pdf = `data:application/pdf;base64,${Buffer.alloc(30).toString('base64')}`;
    const scan = scanMessages([
      { role: 'system', content: 'be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'file', file: { filename: 'a.pdf', file_data: pdf } },
        ],
      },
      { role: 'user', content: [{ type: 'input_audio', input_audio: { data: Buffer.alloc(12).toString('base64'), format: 'wav' } }] },
    ]);

    expect([...scan.kinds].sort()).toEqual(['audio', 'file', 'image']);
    expect(scan.inline).toEqual([
      { param: 'messages[1].content[2].file.file_data', bytes: 30 },
      { param: 'messages[2].content[0].input_audio.data', bytes: 12 },
    ]);
  });

  it('reports nothing for plain text chats and odd shapes', () => {
    expect(scanMessages([{ role: 'user', content: 'hi' }]).kinds.size).toBe(0);
    expect(scanMessages(undefined).inline).toEqual([]);
    expect(scanMessages([null, { content: [null, 'x', { type: 'file', file: { file_id: 'file-1' } }] }])).toEqual({
      kinds: new Set(['file']),
      inline: [],
    });
  });
});
