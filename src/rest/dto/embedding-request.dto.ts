import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Min, MinLength, ValidateIf } from 'class-validator';

export class EmbeddingRequestDto {
  @ApiProperty({ example: 'mock/echo' }) @IsString() @MinLength(1) model!: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  @ValidateIf((o: EmbeddingRequestDto) => !Array.isArray(o.input))
  @IsString({ message: 'input must be a string or an array' })
  input!: string | string[];

  @ApiPropertyOptional() @IsOptional() provider?: unknown;
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @IsInt() @Min(1) dimensions?: number;
  @ApiPropertyOptional({ enum: ['float', 'base64'] }) @IsOptional() @IsIn(['float', 'base64']) encoding_format?: string;
}
