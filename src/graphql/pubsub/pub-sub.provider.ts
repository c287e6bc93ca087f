import type { FactoryProvider } from '@nestjs/common';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { RedisService } from '../../redis/redis.service.js';

/** The subscriptions' event bus: in-process, or Redis pub/sub shared by every instance when REDIS_URL is set. */
export const GRAPHQL_PUB_SUB = Symbol('GRAPHQL_PUB_SUB');

export const pubSubProvider: FactoryProvider<PubSubEngine> = {
  provide: GRAPHQL_PUB_SUB,
  inject: [RedisService],
  useFactory: (redis: RedisService): PubSubEngine =>
    redis.enabled
      ? // A subscriber connection cannot send other commands, so each role gets its own (closed by RedisService).
        new RedisPubSub({ publisher: redis.duplicate('graphql-pub'), subscriber: redis.duplicate('graphql-sub') })
      : new PubSub(),
};
