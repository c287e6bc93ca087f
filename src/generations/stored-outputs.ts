import type { AsyncJobOutput } from '../providers/async-generation.types.js';
import type { GenerationStorage } from './generation-storage.service.js';
import { contentUrl } from './generation-view.js';

/** One output of a generation as clients see it: a URL (the provider's or the gateway's) and its type. */
export interface OutputView extends Record<string, unknown> {
  url: string;
  contentType: string | null;
  bytes?: number;
}

/** Image types by their first bytes: base64 images arrive without a content type. */
export function sniffImageType(bytes: Buffer): string {
  if (bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (bytes.subarray(0, 3).toString('latin1') === 'GIF') return 'image/gif';
  return 'application/octet-stream';
}

/** Keeps byte outputs in the gateway's storage and returns what the generation's result lists. */
export async function storeOutputs(storage: GenerationStorage, id: string, outputs: readonly AsyncJobOutput[]): Promise<OutputView[]> {
  const views: OutputView[] = [];
  for (const [index, output] of outputs.entries()) {
    if (output.kind === 'url') {
      views.push({ url: output.url, contentType: output.contentType ?? null });
      continue;
    }
    const stored = await storage.write(id, index, output.content.body);
    views.push({ url: contentUrl(id, index), contentType: output.content.contentType, bytes: stored.bytes });
  }
  return views;
}
