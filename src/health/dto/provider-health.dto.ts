import { ApiProperty } from '@nestjs/swagger';

const STATUSES = ['up', 'degraded', 'down', 'unknown', 'disabled'];

class KeyCountsDto {
  @ApiProperty() usable!: number;
  @ApiProperty() total!: number;
}

class LastErrorDto {
  @ApiProperty({ description: 'Sanitised: upstream and client keys never appear' }) message!: string;
  @ApiProperty({ type: String, nullable: true }) code!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['traffic', 'probe'] }) source!: string;
}

class LastCheckDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty() latencyMs!: number;
  @ApiProperty({ description: 'Instance that ran the probe' }) by!: string;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class ProviderHealthDto {
  @ApiProperty({ example: 'together' }) provider!: string;
  @ApiProperty({ example: 'text' }) type!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, nullable: true }) disabledReason!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median of recent successful attempts and probes' }) latencyMs!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of real requests failed by the provider over 5 minutes' })
  errorRate!: number | null;
  @ApiProperty({ description: 'Real attempts counted in errorRate' }) requests!: number;
  @ApiProperty() consecutiveFailures!: number;
  @ApiProperty({ enum: ['closed', 'half_open', 'open'] }) circuit!: string;
  @ApiProperty({ type: KeyCountsDto, nullable: true }) keys!: KeyCountsDto | null;
  @ApiProperty({ type: LastErrorDto, nullable: true }) lastError!: LastErrorDto | null;
  @ApiProperty({ type: LastCheckDto, nullable: true, description: 'Last active probe (model list, no tokens)' })
  lastCheck!: LastCheckDto | null;
  @ApiProperty({ description: 'Whether active probes cover this provider' }) probed!: boolean;
}

export class ProvidersHealthDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'], description: 'down: no enabled provider can serve requests' }) status!: string;
  @ApiProperty({ description: 'The instance that answered' }) instance!: string;
  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
  @ApiProperty({ type: [ProviderHealthDto] }) providers!: ProviderHealthDto[];
}

class ModelCostDto {
  @ApiProperty() model!: string;
  @ApiProperty({ type: Number, nullable: true }) inputPerMTokUsd!: number | null;
  @ApiProperty({ type: Number, nullable: true }) outputPerMTokUsd!: number | null;
  @ApiProperty({ type: Number, nullable: true }) requestUsd!: number | null;
  @ApiProperty({ type: Number, nullable: true }) imageUsd!: number | null;
  @ApiProperty({ enum: ['config', 'provider'] }) source!: string;
}

class CostsDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, nullable: true }) flatUsd!: Record<string, number> | null;
  @ApiProperty({ type: [ModelCostDto] }) models!: ModelCostDto[];
}

export class ProviderTypeEntryDto {
  @ApiProperty({ example: 'openai' }) id!: string;
  @ApiProperty({ example: 'text' }) type!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String], example: ['chat', 'streaming', 'tools'] }) features!: string[];
  @ApiProperty({ type: String, nullable: true }) docsUrl!: string | null;
  @ApiProperty() async!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, nullable: true }) disabledReason!: string | null;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ type: CostsDto }) costs!: CostsDto;
}

export class ProviderTypeListDto {
  @ApiProperty({ example: 'list' }) object!: string;
  @ApiProperty({ enum: ['text', 'image', 'tts', 'video', 'music'] }) type!: string;
  @ApiProperty({ type: [ProviderTypeEntryDto] }) data!: ProviderTypeEntryDto[];
}
