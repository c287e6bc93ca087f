import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsDateString, IsInt, IsObject, IsOptional, IsString, Length, Min } from 'class-validator';

/** PATCH /admin/keys/{id}: fields left out stay as they are; null clears a limit or scope. */
export class UpdateKeyDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['mock/*', 'llama-70b'],
    description: 'Glob patterns (*) over aliases and "<provider>/<model>"',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  allowedModels?: string[] | null;

  @ApiPropertyOptional({ type: [String], nullable: true, example: ['together'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  allowedProviders?: string[] | null;

  @ApiPropertyOptional({ minimum: 1, nullable: true, description: 'Requests per minute' }) @IsOptional() @IsInt() @Min(1) rpm?:
    number | null;
  @ApiPropertyOptional({ minimum: 1, nullable: true, description: 'Tokens per minute' }) @IsOptional() @IsInt() @Min(1) tpm?: number | null;
  @ApiPropertyOptional({ nullable: true, example: '2027-01-01T00:00:00Z' }) @IsOptional() @IsDateString() expiresAt?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) ownerUser?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) ownerTeam?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) ownerProject?: string | null;

  @ApiPropertyOptional({
    description:
      "This key's own upstream keys by provider id, used for its requests instead of the gateway's (not charged to its credits). " +
      'Stored encrypted (AES-256-GCM); never returned. null removes one.',
    example: { together: 'tg-...', openrouter: null },
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
  })
  @IsOptional()
  @IsObject()
  providerKeys?: Record<string, string | null>;
}
