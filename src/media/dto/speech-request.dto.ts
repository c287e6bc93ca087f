import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

/** OpenAI speech request; the answer is the provider's audio bytes, streamed. */
export class SpeechRequestDto {
  @ApiProperty({ example: 'openai/tts-1', description: '"<provider>/<model>", a bare model id with "provider", or a route alias' })
  @IsString()
  @MinLength(1)
  model!: string;

  @ApiProperty({ example: 'The quick brown fox jumped over the lazy dog.' })
  @IsString()
  @MinLength(1)
  input!: string;

  @ApiProperty({ example: 'alloy' })
  @IsString()
  @MinLength(1)
  voice!: string;

  @ApiPropertyOptional({ description: 'Provider id when model is a bare id' }) @IsOptional() @IsString() provider?: string;
  @ApiPropertyOptional({ enum: ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] })
  @IsOptional()
  @IsIn(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'])
  response_format?: string;
  @ApiPropertyOptional({ minimum: 0.25, maximum: 4 }) @IsOptional() @IsNumber() @Min(0.25) @Max(4) speed?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() instructions?: string;
}
