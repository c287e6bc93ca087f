import { Injectable } from '@nestjs/common';
import { RegisterProvider } from '../register-provider.decorator.js';
import { VeniceQueueProvider } from './venice-queue.provider.js';

/** Venice music (`/audio/queue` → `/audio/retrieve` → `/audio/complete`); the finished track is stored by the gateway. */
@RegisterProvider('music', 'venice-music', {
  description: 'Venice music generation as async jobs; the track is kept by the gateway',
  capabilities: [],
  async: true,
  defaultBaseUrl: 'https://api.venice.ai/api/v1',
  docsUrl: 'https://docs.venice.ai/api-reference/endpoint/audio/queue',
  // Venice bills music per generated track; override per model with prices."venice-music/<model>".request.
  flatCostsUsd: { request: 0.05 },
})
@Injectable()
export class VeniceMusicProvider extends VeniceQueueProvider {
  protected readonly kind = 'audio';

  units(): Record<string, number> {
    return { request: 1 };
  }

  protected fallbackType(): string {
    return 'audio/mpeg';
  }
}
