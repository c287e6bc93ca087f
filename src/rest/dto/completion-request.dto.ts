import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNumber, IsObject, IsOptional, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';

export class CompletionRequestDto {
  @ApiProperty({ example: 'mock/lorem' }) @IsString() @MinLength(1) model!: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  @ValidateIf((o: CompletionRequestDto) => !Array.isArray(o.prompt))
  @IsString({ message: 'prompt must be a string or an array of strings' })
  prompt!: string | string[];

  @ApiPropertyOptional() @IsOptional() provider?: unknown;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() stream?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsObject() stream_options?: { include_usage?: boolean };
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @IsInt() @Min(1) max_tokens?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 2 }) @IsOptional() @IsNumber() @Min(0) @Max(2) temperature?: number;
  @ApiPropertyOptional() @IsOptional() @IsObject() mock?: Record<string, unknown>;
}
