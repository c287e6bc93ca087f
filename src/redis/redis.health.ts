import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RedisService } from './redis.service.js';

const TIMEOUT_MS = 2_000;

/** Readiness needs Redis when one is configured: instances share limits, caches and events through it. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisService,
    private readonly indicator: HealthIndicatorService,
  ) {}

  get configured(): boolean {
    return this.redis.enabled;
  }

  async check(): Promise<HealthIndicatorResult<'redis'>> {
    const client = this.redis.client;
    return this.indicator
      .check('redis')
      .attempt(async () => {
        if (!client) throw new Error('REDIS_URL is not set');
        // A command while disconnected would sit in the offline queue; fail fast instead.
        if (client.status !== 'ready') throw new Error(`connection is ${client.status}`);
        await client.ping();
      })
      .withTimeout(TIMEOUT_MS);
  }
}
