import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

// Loaded only when REDIS_URL is set: a single instance never pays for the client's code (~1-2 MiB of heap).
const loadRedis = (): typeof Redis => (createRequire(import.meta.url)('ioredis') as { Redis: typeof Redis }).Redis;

/**
 * The shared Redis of a multi-instance deployment (REDIS_URL), or nothing: each
 * consumer keeps an in-process fallback when `client` is undefined.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  readonly client: Redis | undefined;
  private readonly extra: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.client = config.redisUrl ? this.connect('main') : undefined;
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  /** A dedicated connection (a subscriber cannot issue other commands). */
  duplicate(name: string): Redis {
    if (!this.config.redisUrl) throw new Error('REDIS_URL is not set');
    const connection = this.connect(name);
    this.extra.push(connection);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [this.client, ...this.extra].filter((c): c is Redis => c !== undefined).map((c) => c.quit().catch(() => c.disconnect())),
    );
  }

  private connect(name: string): Redis {
    const RedisClient = loadRedis();
    const client = new RedisClient(this.config.redisUrl as string, {
      connectionName: `switchyard-${name}`,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
    });
    client.on('error', (error: Error) => this.logger.warn(`Redis (${name}): ${error.message}`));
    return client;
  }
}
