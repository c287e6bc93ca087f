import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, IsUrl, Matches, Min, ValidateNested } from 'class-validator';

export class TimeoutsYaml {
  @IsOptional() @IsInt() @Min(1) connectMs?: number;
  @IsOptional() @IsInt() @Min(1) firstByteMs?: number;
  @IsOptional() @IsInt() @Min(1) totalMs?: number;
  @IsOptional() @IsInt() @Min(1) idleMs?: number;
}

/** `providers.<id>`: a new openai-compatible provider, or tuning for a built-in one. */
export class ProviderYaml {
  @IsOptional()
  @IsIn(['openai-compatible'], { message: 'must be openai-compatible (built-ins need no kind)' })
  kind?: 'openai-compatible';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'must be an http(s) URL' })
  baseUrl?: string;

  @IsOptional() @IsString() apiKey?: string;

  @IsOptional() @IsObject() headers?: Record<string, string>;

  @IsOptional() @ValidateNested() @Type(() => TimeoutsYaml) timeouts?: TimeoutsYaml;

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

  @IsOptional() @IsNumber() temperature?: number;
  @IsOptional() @IsInt() @Min(1) maxTokens?: number;
  @IsOptional() @IsString() description?: string;
}

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
