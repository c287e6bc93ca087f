import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, MinLength } from 'class-validator';
import { GENERATION_TYPES } from '../generation.types.js';

export class CreateGenerationDto {
  @ApiProperty({ enum: GENERATION_TYPES, example: 'video' })
  @IsIn(GENERATION_TYPES as unknown as string[])
  type!: string;

  @ApiPropertyOptional({
    example: 'together-video',
    description: 'Else the key project setting, the configured default, or the only enabled provider',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  provider?: string;

  @ApiPropertyOptional({ example: 'google/veo-3.0', description: 'A model of the provider, or "<provider>/<model>"' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  model?: string;

  @ApiPropertyOptional({
    example: { prompt: 'A paper boat on a rainy street', seconds: 8 },
    description: 'text: a chat body (messages, …); image/tts: an OpenAI images/speech body; video/music: the provider’s fields',
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'https://example.com/hooks/switchyard', description: 'Receives signed progress and outcome events' })
  @IsOptional()
  @IsString()
  webhookUrl?: string;
}

export class GenerationBatchDto {
  @ApiProperty({ type: [CreateGenerationDto], description: '1 to 100 generations, answered in order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  items!: unknown[];

  @ApiPropertyOptional({ default: true, description: 'Run items concurrently (bounded by SWITCHYARD_BATCH_CONCURRENCY)' })
  @IsOptional()
  @IsBoolean()
  parallel?: boolean;

  @ApiPropertyOptional({ default: true, description: 'When false, items not started after a failure are skipped' })
  @IsOptional()
  @IsBoolean()
  continueOnError?: boolean;
}
