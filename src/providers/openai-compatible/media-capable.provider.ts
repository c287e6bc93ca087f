import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { FileUploadCall, ImageCall, ImageResponse, SpeechCall, UpstreamBinaryResponse } from '../media.types.js';
import type { UpstreamJsonResponse } from '../provider.types.js';
import { toOpenAIImages } from './image-wire.js';
import { multipartBody } from './multipart-body.js';
import { OpenAICompatibleProvider } from './openai-compatible.provider.js';

/**
 * The shared adapter plus OpenAI's media endpoints: images, speech and file
 * uploads. The registry routes to them only when the registration declares
 * `images`, `speech` or `file_upload`; vendors adapt them with the hooks below.
 */
@Injectable()
export class MediaCapableProvider extends OpenAICompatibleProvider {
  async generateImage(call: ImageCall): Promise<ImageResponse> {
    const exchange = await this.upstreamRequest({
      path: this.imagesPath(),
      method: 'POST',
      body: JSON.stringify(this.prepareImageBody(call.body)),
      signal: call.signal,
    });
    return { json: toOpenAIImages(await this.readJson(exchange, call.signal)), keyAlias: exchange.key?.alias };
  }

  async speech(call: SpeechCall): Promise<UpstreamBinaryResponse> {
    const exchange = await this.upstreamRequest({
      path: '/audio/speech',
      method: 'POST',
      body: JSON.stringify(call.body),
      signal: call.signal,
    });
    return this.binary(exchange, 'audio/mpeg');
  }

  async uploadFile(call: FileUploadCall): Promise<UpstreamJsonResponse> {
    const boundary = `----switchyard${call.requestId.replace(/[^\w]/g, '').slice(0, 24)}${Date.now().toString(36)}`;
    const body = Readable.from(multipartBody(boundary, { ...call.fields, ...this.uploadFields(call) }, call));
    const exchange = await this.upstreamRequest({
      path: this.filesPath(),
      method: 'POST',
      body,
      contentType: `multipart/form-data; boundary=${boundary}`,
      signal: call.signal,
    });
    const json = await this.readJson(exchange, call.signal);
    return { status: exchange.res.statusCode, json: this.mapFile(json), keyAlias: exchange.key?.alias };
  }

  protected imagesPath(): string {
    return '/images/generations';
  }

  /** The OpenAI images body as this vendor wants it. */
  protected prepareImageBody(body: Record<string, unknown>): Record<string, unknown> {
    return body;
  }

  protected filesPath(): string {
    return '/files';
  }

  /** Form fields the vendor needs besides the file (OpenAI: `purpose`). */
  protected uploadFields(call: FileUploadCall): Record<string, string> {
    return { purpose: call.purpose };
  }

  /** The vendor's file object as OpenAI's `{id, object: "file", bytes, created_at, filename, purpose}`. */
  protected mapFile(json: unknown): unknown {
    return json;
  }
}
