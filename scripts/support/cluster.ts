import { startGateway, type TestGateway } from '../../test/support/gateway.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/postgres.js';
import { TEST_REDIS_URL, dropRedisPrefix, testRedis } from '../../test/support/redis.js';

export interface Cluster {
  database: TestDatabase;
  gateways: TestGateway[];
  redisPrefix: string;
  /** SIGTERM to every instance; their exit codes. */
  stop(): Promise<Array<number | null>>;
  /** Stops what still runs, drops the database and the Redis keys. */
  cleanUp(): Promise<void>;
}

/**
 * N gateway processes on one fresh PostgreSQL database and the local Redis
 * (127.0.0.1:6379) under one key prefix: the docker-compose topology as processes.
 */
export async function startCluster(size: number, redisPrefix: string, env: Record<string, string> = {}, yaml?: string): Promise<Cluster> {
  const database = await createTestDatabase();
  const gateways: TestGateway[] = [];
  const shared = { REDIS_URL: TEST_REDIS_URL, SWITCHYARD_REDIS_PREFIX: redisPrefix, ...env };
  try {
    for (let i = 0; i < size; i++) {
      // The first instance migrates the fresh database; the others start on it as they would behind a migrate job.
      const migrate = i === 0 ? 'on' : 'off';
      gateways.push(
        await startGateway({
          databaseUrl: database.url,
          yaml,
          env: { ...shared, SWITCHYARD_INSTANCE_ID: `gateway-${i + 1}`, SWITCHYARD_MIGRATE_ON_START: migrate },
        }),
      );
    }
  } catch (error) {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await database.drop();
    throw error;
  }
  return {
    database,
    gateways,
    redisPrefix,
    stop: () => Promise.all(gateways.map((gateway) => gateway.stop('SIGTERM'))),
    async cleanUp() {
      await Promise.all(gateways.map((gateway) => gateway.close()));
      await database.drop();
      const redis = testRedis();
      await dropRedisPrefix(redis, redisPrefix);
      redis.disconnect();
    },
  };
}
