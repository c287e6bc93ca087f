import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsDateString, IsInt, IsNumber, IsOptional, IsString, Length, Min } from 'class-validator';

export class CreateKeyDto {
  @ApiProperty({ example: 'team-search' }) @IsString() @Length(1, 200) name!: string;

  @ApiPropertyOptional({ description: 'Starting credits in USD; omit for an unlimited (metered) key', example: 10 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  creditsUsd?: number;

  @ApiPropertyOptional({ type: [String], example: ['mock/*', 'together/*'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  allowedModels?: string[];

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) allowedProviders?: string[];
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @IsInt() @Min(1) rpm?: number;
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @IsInt() @Min(1) tpm?: number;
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' }) @IsOptional() @IsDateString() expiresAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) ownerUser?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) ownerTeam?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) ownerProject?: string;
}
