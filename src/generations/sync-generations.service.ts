import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { Principal } from '../keys/principal.js';
import { MediaService } from '../media/media.service.js';
import { GatewayService } from '../routing/gateway.service.js';
import type { RequestContext } from '../routing/request-context.js';
import { GenerationStorage } from './generation-storage.service.js';
import { contentUrl } from './generation-view.js';
import type { GenerationType } from './generation.types.js';
import { sniffImageType, type OutputView } from './stored-outputs.js';

export interface SyncRequest {
  id: string;
  type: Extract<GenerationType, 'text' | 'image' | 'tts'>;
  /** The body for the gateway: `model` (and `provider`) set. */
  body: Record<string, unknown>;
  principal: Principal;
  requestId: string;
  signal: AbortSignal;
}

export interface SyncOutcome {
  result: Record<string, unknown>;
  ctx: RequestContext;
}

/**
 * Text, image and speech generations answered in the request, through the
 * same gateway paths as /v1 (so the request hooks reserve and bill them).
 * Image and audio bytes are kept in the generation storage and listed as URLs.
 */
@Injectable()
export class SyncGenerations {
  constructor(
    private readonly gateway: GatewayService,
    private readonly media: MediaService,
    private readonly storage: GenerationStorage,
  ) {}

  run(req: SyncRequest): Promise<SyncOutcome> {
    if (req.type === 'text') return this.text(req);
    if (req.type === 'image') return this.image(req);
    return this.speech(req);
  }

  private async text(req: SyncRequest): Promise<SyncOutcome> {
    const body = { ...req.body, stream: false };
    const { json, ctx } = await this.gateway.complete({
      operation: 'chat',
      body,
      principal: req.principal,
      requestId: req.requestId,
      signal: req.signal,
    });
    return { result: { completion: json }, ctx };
  }

  private async image(req: SyncRequest): Promise<SyncOutcome> {
    const { json, ctx } = await this.media.generateImage({
      body: req.body,
      principal: req.principal,
      requestId: req.requestId,
      signal: req.signal,
    });
    const outputs: OutputView[] = [];
    for (const [index, image] of json.data.entries()) {
      if (typeof image.b64_json === 'string') {
        const bytes = Buffer.from(image.b64_json, 'base64');
        const stored = await this.storage.write(req.id, index, Readable.from([bytes]));
        outputs.push({ url: contentUrl(req.id, index), contentType: sniffImageType(bytes), bytes: stored.bytes });
      } else if (typeof image.url === 'string') {
        outputs.push({ url: image.url, contentType: null });
      }
    }
    const revisedPrompts = json.data.map((image) => image.revised_prompt).filter((prompt) => typeof prompt === 'string');
    return { result: revisedPrompts.length > 0 ? { outputs, revisedPrompts } : { outputs }, ctx };
  }

  private async speech(req: SyncRequest): Promise<SyncOutcome> {
    const { audio, ctx } = await this.media.speech({
      body: req.body,
      principal: req.principal,
      requestId: req.requestId,
      signal: req.signal,
    });
    const stored = await this.storage.write(req.id, 0, audio.body);
    return { result: { outputs: [{ url: contentUrl(req.id, 0), contentType: audio.contentType, bytes: stored.bytes }] }, ctx };
  }
}
