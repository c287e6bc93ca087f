import { IsInt, IsOptional, Max, Min, MinLength } from 'class-validator';

const bytes = { message: 'must be an integer number of bytes >= 1024' };
const ms = { message: 'must be an integer number of milliseconds >= 10' };

/** Limits and timings of multimodal input, media generation, uploads and generation jobs. */
export class MediaEnvSchema {
  /** Decoded size of one inline (data URI / base64) content part. */
  @IsInt(bytes) @Min(1024, bytes) SWITCHYARD_INLINE_DATA_LIMIT_BYTES = 5 * 1024 * 1024;

  /** One file uploaded through POST /v1/files; it is streamed, never held in memory. */
  @IsInt(bytes) @Min(1024, bytes) SWITCHYARD_FILE_UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;

  /** First delay between two status polls of an async generation; it grows towards the maximum. */
  @IsInt(ms) @Min(10, ms) SWITCHYARD_GENERATION_POLL_MS = 2_000;
  @IsInt(ms) @Min(10, ms) SWITCHYARD_GENERATION_POLL_MAX_MS = 30_000;

  /** An async generation not finished this long after creation fails (and is refunded). */
  @IsInt(ms) @Min(10, ms) SWITCHYARD_GENERATION_TIMEOUT_MS = 30 * 60_000;

  /** How long one instance owns a job between polls; another instance takes it over after that. */
  @IsInt(ms) @Min(10, ms) SWITCHYARD_GENERATION_LEASE_MS = 30_000;

  /** HMAC-SHA256 key for webhook signatures; generated into the data directory when unset. */
  @IsOptional()
  @MinLength(16, { message: 'must be at least 16 characters' })
  SWITCHYARD_WEBHOOK_SECRET?: string;

  @IsInt({ message: 'must be an integer between 1 and 20' })
  @Min(1, { message: 'must be an integer between 1 and 20' })
  @Max(20, { message: 'must be an integer between 1 and 20' })
  SWITCHYARD_WEBHOOK_ATTEMPTS = 5;

  /** First delay before a failed webhook delivery is retried; it doubles each time. */
  @IsInt(ms) @Min(10, ms) SWITCHYARD_WEBHOOK_RETRY_MS = 1_000;

  @IsInt({ message: 'must be an integer between 1 and 64' })
  @Min(1, { message: 'must be an integer between 1 and 64' })
  @Max(64, { message: 'must be an integer between 1 and 64' })
  SWITCHYARD_BATCH_CONCURRENCY = 4;
}

export interface MediaSettings {
  inlineDataLimitBytes: number;
  fileUploadLimitBytes: number;
  pollMs: number;
  pollMaxMs: number;
  generationTimeoutMs: number;
  leaseMs: number;
  webhookSecret?: string;
  webhookAttempts: number;
  webhookRetryMs: number;
  batchConcurrency: number;
}

/** The variables of MediaEnvSchema present in `env`, numbers parsed. */
export function mediaEnvSlice(env: Record<string, string | undefined>): Record<string, unknown> {
  const slice: Record<string, unknown> = {};
  for (const key of Object.keys(new MediaEnvSchema()).concat('SWITCHYARD_WEBHOOK_SECRET')) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    slice[key] = key !== 'SWITCHYARD_WEBHOOK_SECRET' && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return slice;
}

export function toMediaSettings(schema: MediaEnvSchema): MediaSettings {
  return {
    inlineDataLimitBytes: schema.SWITCHYARD_INLINE_DATA_LIMIT_BYTES,
    fileUploadLimitBytes: schema.SWITCHYARD_FILE_UPLOAD_LIMIT_BYTES,
    pollMs: schema.SWITCHYARD_GENERATION_POLL_MS,
    pollMaxMs: Math.max(schema.SWITCHYARD_GENERATION_POLL_MAX_MS, schema.SWITCHYARD_GENERATION_POLL_MS),
    generationTimeoutMs: schema.SWITCHYARD_GENERATION_TIMEOUT_MS,
    leaseMs: schema.SWITCHYARD_GENERATION_LEASE_MS,
    webhookSecret: schema.SWITCHYARD_WEBHOOK_SECRET,
    webhookAttempts: schema.SWITCHYARD_WEBHOOK_ATTEMPTS,
    webhookRetryMs: schema.SWITCHYARD_WEBHOOK_RETRY_MS,
    batchConcurrency: schema.SWITCHYARD_BATCH_CONCURRENCY,
  };
}
