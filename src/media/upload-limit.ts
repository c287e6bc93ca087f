import type { Readable } from 'node:stream';

/** Thrown into the upstream body when the client's file passes the limit, so the provider never gets a cut file. */
export class UploadTooLargeError extends Error {
  override readonly name = 'UploadTooLargeError';
}

export interface LimitedContent {
  content: AsyncIterable<Uint8Array>;
  /** True once the file passed the limit (the upstream request then fails as a network error). */
  readonly exceeded: boolean;
}

/**
 * The client's file as busboy delivers it. Past `fileSize` busboy stops and
 * ends the stream quietly (`truncated`); this turns that into an error so the
 * multipart body sent upstream is never completed.
 */
export function limitedContent(file: Readable & { truncated?: boolean }): LimitedContent {
  const state = { exceeded: false };
  file.once('limit', () => {
    state.exceeded = true;
  });
  async function* content(): AsyncGenerator<Uint8Array> {
    for await (const chunk of file) {
      if (state.exceeded) break;
      yield chunk as Uint8Array;
    }
    if (state.exceeded || file.truncated) {
      state.exceeded = true;
      throw new UploadTooLargeError('file exceeds the upload limit');
    }
  }
  return {
    content: content(),
    get exceeded(): boolean {
      return state.exceeded;
    },
  };
}
