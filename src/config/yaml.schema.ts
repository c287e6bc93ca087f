import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class TimeoutsYaml {
  @IsOptional() @IsInt() @Min(1) connectMs?: number;
  @IsOptional() @IsInt() @Min(1) firstByteMs?: number;
  @IsOptional() @IsInt() @Min(1) totalMs?: number;
  @IsOptional() @IsInt() @Min(1) idleMs?: number;
}

/** Retries against one target: exponential backoff with jitter, capped; `Retry-After` wins when sent. */
export class RetryYaml {
  @IsOptional() @IsInt() @Min(1) @Max(20) maxAttempts?: number;
  @IsOptional() @IsInt() @Min(0) baseDelayMs?: number;
  @IsOptional() @IsInt() @Min(0) maxDelayMs?: number;
  /** A longer `Retry-After` than this is not waited for: the gateway fails over instead. */
  @IsOptional() @IsInt() @Min(0) maxRetryAfterMs?: number;
  @IsOptional() @IsIn(['full', 'none'], { message: 'must be full or none' }) jitter?: 'full' | 'none';
}

/** Waiting for a model that is loading (Featherless cold 400, Hugging Face 503 `estimated_time`). */
export class ColdStartYaml {
  /** Total time one request may wait for one target to warm up. */
  @IsOptional() @IsInt() @Min(0) maxWaitMs?: number;
  /** Pause between tries when the provider gives no estimate. */
  @IsOptional() @IsInt() @Min(0) retryDelayMs?: number;
}

export class CircuitYaml {
  /** Failures within `windowMs` that open the circuit. */
  @IsOptional() @IsInt() @Min(1) failureThreshold?: number;
  @IsOptional() @IsInt() @Min(1) windowMs?: number;
  /** How long an open circuit refuses requests before letting probes through. */
  @IsOptional() @IsInt() @Min(1) cooldownMs?: number;
  @IsOptional() @IsInt() @Min(1) halfOpenProbes?: number;
}

export class ConcurrencyYaml {
  /** Requests in flight at once to this provider from this instance. */
  @IsOptional() @IsInt() @Min(1) limit?: number;
  /** Requests that may wait for a slot; more are refused at once. */
  @IsOptional() @IsInt() @Min(0) maxQueue?: number;
  @IsOptional() @IsInt() @Min(1) queueTimeoutMs?: number;
}

export class RateLimitYaml {
  /** Longest wait for a resting key before the gateway routes elsewhere. */
  @IsOptional() @IsInt() @Min(0) maxWaitMs?: number;
  /** How long a key rests after a 429 that says nothing about when to come back. */
  @IsOptional() @IsInt() @Min(0) defaultRestMs?: number;
}

export class KeysYaml {
  /** A key refused with 401/402/403 is tried again after this long. */
  @IsOptional() @IsInt() @Min(1) recheckMs?: number;
}

/** Resilience settings that `defaults` sets for everyone and `providers.<id>` overrides. */
export class PolicyYaml {
  @IsOptional() @ValidateNested() @Type(() => RetryYaml) retry?: RetryYaml;
  @IsOptional() @ValidateNested() @Type(() => ColdStartYaml) coldStart?: ColdStartYaml;
  @IsOptional() @ValidateNested() @Type(() => CircuitYaml) circuit?: CircuitYaml;
  @IsOptional() @ValidateNested() @Type(() => ConcurrencyYaml) concurrency?: ConcurrencyYaml;
  @IsOptional() @ValidateNested() @Type(() => RateLimitYaml) rateLimit?: RateLimitYaml;
  @IsOptional() @ValidateNested() @Type(() => KeysYaml) keys?: KeysYaml;
}

/** Top-level `defaults`: the request deadline plus the policy every provider starts from. */
export class DefaultsYaml extends PolicyYaml {
  /** Deadline of a request without `x-switchyard-timeout-ms`. */
  @IsOptional() @IsInt() @Min(1) deadlineMs?: number;
  /** The largest `x-switchyard-timeout-ms` a client may ask for. */
  @IsOptional() @IsInt() @Min(1) maxDeadlineMs?: number;
}

/** `providers.<id>`: a new openai-compatible provider, or tuning for a built-in one. */
export class ProviderYaml extends PolicyYaml {
  @IsOptional()
  @IsIn(['openai-compatible'], { message: 'must be openai-compatible (built-ins need no kind)' })
  kind?: 'openai-compatible';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'must be an http(s) URL' })
  baseUrl?: string;

  @IsOptional() @IsString() apiKey?: string;

  @IsOptional() @IsObject() headers?: Record<string, string>;

  @IsOptional() @ValidateNested() @Type(() => TimeoutsYaml) timeouts?: TimeoutsYaml;

  /** Shorthand for `concurrency.limit`. */
  @IsOptional() @IsInt() @Min(1) maxConcurrency?: number;

  @IsOptional() @IsArray() @IsString({ each: true }) models?: string[];

  @IsOptional() @IsString() description?: string;
}

export class RouteTargetYaml {
  @Matches(/^[a-z0-9][a-z0-9-]*\/.+/, { message: 'must be "<provider>/<model>"' })
  model!: string;

  @IsOptional() @IsNumber() @Min(0) weight?: number;
  @IsOptional() @IsInt() @Min(0) tier?: number;
}

export class RouteYaml {
  @IsOptional()
  @IsIn(['failover', 'priority', 'loadbalance'], { message: 'must be one of failover, priority, loadbalance' })
  strategy?: 'failover' | 'priority' | 'loadbalance';

  @IsArray({ message: 'must be a list of "<provider>/<model>" targets' })
  targets!: Array<string | RouteTargetYaml>;

  /** Longer-context targets tried when a target answers `context_length_exceeded`. */
  @IsOptional()
  @IsArray({ message: 'must be a list of "<provider>/<model>" targets' })
  @Matches(/^[a-z0-9][a-z0-9-]*\/.+/, { each: true, message: 'must list "<provider>/<model>" targets' })
  contextFallback?: string[];

  @IsOptional() @IsNumber() temperature?: number;
  @IsOptional() @IsInt() @Min(1) maxTokens?: number;
  @IsOptional() @IsString() description?: string;
}

/** USD: `input`/`output` per 1M tokens, `request` per call, `image` per image, `second` per second of audio/video. */
export class PriceYaml {
  @IsOptional() @IsNumber() @Min(0) input?: number;
  @IsOptional() @IsNumber() @Min(0) output?: number;
  @IsOptional() @IsNumber() @Min(0) request?: number;
  @IsOptional() @IsNumber() @Min(0) image?: number;
  /** USD per input character (speech). */
  @IsOptional() @IsNumber() @Min(0) character?: number;
  /** USD per second of generated audio or video. */
  @IsOptional() @IsNumber() @Min(0) second?: number;
}

/** `accounting:` credits, prices and per-key limits. */
export class AccountingYaml {
  @IsOptional()
  @IsIn(['deny', 'allow-unpriced'], { message: 'must be deny or allow-unpriced' })
  unknownPrice?: 'deny' | 'allow-unpriced';

  /** Completion tokens reserved when a request sets no max_tokens. */
  @IsOptional() @IsInt() @Min(1) defaultMaxTokens?: number;

  /** Use the prices providers publish in their model lists (OpenRouter, Together, Venice, HF router). */
  @IsOptional() @IsBoolean() priceSync?: boolean;

  /** Window over which rpm/tpm are enforced; the allowance scales with it (rpm × seconds / 60). */
  @IsOptional() @IsInt() @Min(1) @Max(3600) limitWindowSeconds?: number;
}
