import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * OpenAI images request. Vendor fields (Together `steps`, Venice `style_preset`,
 * Hugging Face `negative_prompt`, ...) pass through untouched.
 */
export class ImageGenerationRequestDto {
  @ApiProperty({ example: 'openai/dall-e-3', description: '"<provider>/<model>", a bare model id with "provider", or a route alias' })
  @IsString()
  @MinLength(1)
  model!: string;

  @ApiProperty({ example: 'A lighthouse at dusk, watercolour' })
  @IsString()
  @MinLength(1)
  prompt!: string;

  @ApiPropertyOptional({ description: 'Provider id when model is a bare id' }) @IsOptional() @IsString() provider?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 10 }) @IsOptional() @IsInt() @Min(1) @Max(10) n?: number;
  @ApiPropertyOptional({ example: '1024x1024' })
  @IsOptional()
  @Matches(/^(\d+x\d+|auto)$/, { message: 'size must look like 1024x1024' })
  size?: string;
  @ApiPropertyOptional({ enum: ['url', 'b64_json'] }) @IsOptional() @IsIn(['url', 'b64_json']) response_format?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() quality?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() style?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() user?: string;
}
