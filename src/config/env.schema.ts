import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** The environment variables of contract §1 (plus tuning), validated once at boot. */
export class EnvSchema {
  @IsInt({ message: 'must be an integer port between 0 and 65535' })
  @Min(0, { message: 'must be an integer port between 0 and 65535' })
  @Max(65535, { message: 'must be an integer port between 0 and 65535' })
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsIn(['development', 'production', 'test'], { message: 'must be one of development, production, test' })
  NODE_ENV = 'development';

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { message: 'must be sqlite:<path> or postgres://user@host:port/db' })
  DATABASE_URL = 'sqlite:./data/switchyard.sqlite';

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @MinLength(16, { message: 'must be at least 16 characters' })
  SWITCHYARD_ADMIN_KEY?: string;

  @IsOptional()
  @IsString()
  SWITCHYARD_CONFIG?: string;

  @IsOptional()
  @Matches(/^([A-Za-z0-9+/]{43}=|[0-9a-fA-F]{64})$/, { message: 'must be 32 bytes as base64 (44 characters) or hex (64 characters)' })
  SWITCHYARD_ENCRYPTION_KEY?: string;

  @IsString()
  SWITCHYARD_DATA_DIR = './data';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  @IsInt({ message: 'must be an integer number of bytes >= 1024' })
  @Min(1024, { message: 'must be an integer number of bytes >= 1024' })
  SWITCHYARD_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

  @IsInt({ message: 'must be an integer number of milliseconds between 100 and 15000' })
  @Min(100, { message: 'must be an integer number of milliseconds between 100 and 15000' })
  @Max(15000, { message: 'must be an integer number of milliseconds between 100 and 15000' })
  SWITCHYARD_SSE_HEARTBEAT_MS = 15000;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'must be on or off' })
  SWITCHYARD_MOCK_PROVIDER?: string;

  @IsIn(['on', 'off'], { message: 'must be on or off' })
  SWITCHYARD_MIGRATE_ON_START = 'on';

  /** Namespace for Redis keys and pub/sub channels, so deployments (and test runs) sharing a Redis stay apart. */
  @Matches(/^[\w:.-]{1,64}$/, { message: 'must be 1-64 letters, digits or _ : . -' })
  SWITCHYARD_REDIS_PREFIX = 'switchyard:';

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'must be on or off' })
  SWITCHYARD_GRAPHQL_INTROSPECTION?: string;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'must be on or off' })
  SWITCHYARD_GRAPHQL_PLAYGROUND?: string;

  @IsInt({ message: 'must be an integer between 1 and 100' })
  @Min(1, { message: 'must be an integer between 1 and 100' })
  @Max(100, { message: 'must be an integer between 1 and 100' })
  SWITCHYARD_GRAPHQL_MAX_DEPTH = 10;

  @IsInt({ message: 'must be an integer between 1 and 1000000' })
  @Min(1, { message: 'must be an integer between 1 and 1000000' })
  @Max(1_000_000, { message: 'must be an integer between 1 and 1000000' })
  SWITCHYARD_GRAPHQL_MAX_COMPLEXITY = 25_000;

  @IsIn(['auto', 'json', 'pretty'], { message: 'must be one of auto, json, pretty' })
  SWITCHYARD_LOG_FORMAT = 'auto';

  @IsOptional()
  @Matches(/^[\w.:-]{1,64}$/, { message: 'must be 1-64 characters of letters, digits, _ . : -' })
  SWITCHYARD_INSTANCE_ID?: string;

  @IsInt({ message: 'must be an integer number of milliseconds: 0 (off) or 50 and more' })
  @Min(0, { message: 'must be an integer number of milliseconds: 0 (off) or 50 and more' })
  SWITCHYARD_HEALTH_PROBE_INTERVAL_MS = 60_000;

  @IsInt({ message: 'must be an integer number of milliseconds >= 0' })
  @Min(0, { message: 'must be an integer number of milliseconds >= 0' })
  SWITCHYARD_HEALTH_PROBE_JITTER_MS = 5_000;

  @IsInt({ message: 'must be an integer number of milliseconds >= 100' })
  @Min(100, { message: 'must be an integer number of milliseconds >= 100' })
  SWITCHYARD_HEALTH_PROBE_TIMEOUT_MS = 10_000;

  @IsInt({ message: 'must be an integer number of milliseconds >= 0' })
  @Min(0, { message: 'must be an integer number of milliseconds >= 0' })
  SWITCHYARD_SHUTDOWN_TIMEOUT_MS = 30_000;
}

/** Variables whose values are numbers; everything else stays a string. */
export const NUMERIC_ENV_KEYS: ReadonlyArray<keyof EnvSchema> = [
  'PORT',
  'SWITCHYARD_BODY_LIMIT_BYTES',
  'SWITCHYARD_SSE_HEARTBEAT_MS',
  'SWITCHYARD_GRAPHQL_MAX_DEPTH',
  'SWITCHYARD_GRAPHQL_MAX_COMPLEXITY',
  'SWITCHYARD_HEALTH_PROBE_INTERVAL_MS',
  'SWITCHYARD_HEALTH_PROBE_JITTER_MS',
  'SWITCHYARD_HEALTH_PROBE_TIMEOUT_MS',
  'SWITCHYARD_SHUTDOWN_TIMEOUT_MS',
];
