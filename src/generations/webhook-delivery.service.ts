import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { GenerationView } from './generation.types.js';
import { resolveWebhookSecret } from './webhook-secret.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

export type WebhookEventType = 'generation.running' | 'generation.succeeded' | 'generation.failed';

const ATTEMPT_TIMEOUT_MS = 15_000;

/**
 * POSTs generation events to the client's webhook URL, signed with
 * HMAC-SHA256 (x-switchyard-signature), retried with doubling delays on a
 * network error or a non-2xx answer. `x-switchyard-event-id` is stable per
 * event so receivers can drop duplicates.
 */
@Injectable()
export class WebhookDeliveryService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private secret = '';
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    const source = resolveWebhookSecret(this.config.media.webhookSecret, this.config.dataDir);
    this.secret = source.secret;
    if (source.file) this.logger.log(`Webhook signing secret stored in ${source.file} (mode 0600)`);
  }

  /** Starts a delivery in the background; failures are logged, never thrown. */
  send(url: string, type: WebhookEventType, generation: GenerationView): void {
    const delivery = this.deliver(url, type, generation).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Lets in-flight first attempts finish; pending retries are abandoned. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(url: string, type: WebhookEventType, generation: GenerationView): Promise<void> {
    const eventId = `${generation.id}-${generation.status}-${generation.progress}`;
    const body = JSON.stringify({ id: eventId, type, createdAt: new Date().toISOString(), data: generation });
    for (let attempt = 1; attempt <= this.config.media.webhookAttempts; attempt++) {
      const outcome = await this.attempt(url, eventId, type, body);
      if (outcome === 'delivered') return;
      if (attempt === this.config.media.webhookAttempts || this.stopping.signal.aborted) {
        this.logger.warn(`Webhook ${type} for ${generation.id} not delivered after ${attempt} attempts (last: ${outcome})`);
        return;
      }
      const delayMs = this.config.media.webhookRetryMs * 2 ** (attempt - 1);
      await sleep(delayMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  private async attempt(url: string, eventId: string, type: WebhookEventType, body: string): Promise<string> {
    // Plain fetch, not the upstream pools: receivers are many origins, each called rarely.
    try {
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Switchyard-Webhooks/1',
          'x-switchyard-event': type,
          'x-switchyard-event-id': eventId,
          [SIGNATURE_HEADER]: signWebhook(this.secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.ok ? 'delivered' : `HTTP ${res.status}`;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
