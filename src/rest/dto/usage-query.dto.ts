import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsNumberString, IsOptional, IsString, Matches } from 'class-validator';

/** GET /admin/usage (query strings). */
export class UsageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() keyId?: string;
  @ApiPropertyOptional({ example: 'together' }) @IsOptional() @IsString() provider?: string;
  @ApiPropertyOptional({ description: "The provider's model id" }) @IsOptional() @IsString() model?: string;
  @ApiPropertyOptional({ description: 'What the client asked for: an alias or "<provider>/<model>"' })
  @IsOptional()
  @IsString()
  route?: string;
  @ApiPropertyOptional({ example: '402', description: 'HTTP status; 499 = the client went away' })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'status must be a three-digit HTTP status' })
  status?: string;
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'Inclusive' }) @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional({ example: '2026-02-01T00:00:00Z', description: 'Exclusive' }) @IsOptional() @IsDateString() to?: string;
  @ApiPropertyOptional({ example: '100', description: '1 to 1000 (default 100); ignored for CSV, which exports every match' })
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  limit?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() cursor?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: string;
}

/** GET /admin/usage/summary (query strings). */
export class UsageSummaryQueryDto {
  @ApiPropertyOptional({ example: 'provider,model', description: 'Comma-separated: key, provider, model, day (default day)' })
  @IsOptional()
  @Matches(/^(key|provider|model|day)(,(key|provider|model|day))*$/, {
    message: 'groupBy must list key, provider, model or day, comma-separated',
  })
  groupBy?: string;
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Inclusive UTC day' }) @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional({ example: '2026-01-31', description: 'Inclusive UTC day' }) @IsOptional() @IsDateString() to?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() keyId?: string;
}
