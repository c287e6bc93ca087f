import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventEmitter, on } from 'node:events';
import type { Redis } from 'ioredis';
import { RedisService } from '../redis/redis.service.js';
import { FINISHED, type GenerationView } from './generation.types.js';

export interface GenerationUpdate {
  generation: GenerationView;
}

const CHANNEL = 'switchyard:generation-updates';

/**
 * Progress of generations as they change: status, progress, result. Local
 * listeners get every update of a generation whichever instance runs its job:
 * with REDIS_URL the updates travel over Redis pub/sub, otherwise in process.
 * GraphQL's `generationUpdates(id)` subscribes through `updates()`.
 */
@Injectable()
export class GenerationEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(GenerationEvents.name);
  private readonly local = new EventEmitter();
  private subscriber: Redis | undefined;

  constructor(private readonly redis: RedisService) {
    this.local.setMaxListeners(0);
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis.client) return;
    this.subscriber = this.redis.duplicate('generation-updates');
    this.subscriber.on('message', (_channel: string, message: string) => this.emitLocal(JSON.parse(message) as GenerationUpdate));
    await this.subscriber.subscribe(CHANNEL);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.unsubscribe(CHANNEL).catch(() => undefined);
  }

  publish(generation: GenerationView): void {
    const update: GenerationUpdate = { generation };
    if (!this.redis.client) return this.emitLocal(update);
    this.redis.client.publish(CHANNEL, JSON.stringify(update)).catch((error: Error) => {
      this.logger.warn(`Publishing update of ${generation.id} failed (${error.message}); delivering locally only`);
      this.emitLocal(update);
    });
  }

  /** Calls `listener` for each update of generation `id`; returns the unsubscribe function. */
  subscribe(id: string, listener: (update: GenerationUpdate) => void): () => void {
    this.local.on(id, listener);
    return () => this.local.off(id, listener);
  }

  /** Updates of generation `id` until it finishes (the finishing update included) or `signal` aborts. */
  async *updates(id: string, signal?: AbortSignal): AsyncGenerator<GenerationUpdate> {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for await (const [update] of on(this.local, id, { signal: controller.signal }) as AsyncIterable<[GenerationUpdate]>) {
        yield update;
        if (FINISHED.includes(update.generation.status)) return;
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }

  private emitLocal(update: GenerationUpdate): void {
    this.local.emit(update.generation.id, update);
  }
}
