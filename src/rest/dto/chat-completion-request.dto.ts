import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsMessageContent } from './message-content.validator.js';

export class ChatMessageDto {
  @ApiProperty({ enum: ['system', 'developer', 'user', 'assistant', 'tool', 'function'] })
  @IsIn(['system', 'developer', 'user', 'assistant', 'tool', 'function'])
  role!: string;

  @ApiPropertyOptional({
    description: 'Text, or content parts: text, image_url, input_audio, file',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' } }],
  })
  @IsMessageContent()
  content?: unknown;

  @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() tool_call_id?: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) @IsOptional() @IsArray() tool_calls?: unknown[];
}

/**
 * OpenAI chat completions request. Validation checks the common fields only;
 * vendor fields (OpenRouter `provider`/`models`/`plugins`, Venice
 * `venice_parameters`, ...) pass through to providers that accept them.
 */
export class ChatCompletionRequestDto {
  @ApiProperty({ example: 'mock/echo', description: '"<provider>/<model>", a bare model id, or a route alias' })
  @IsString()
  @MinLength(1)
  model!: string;

  @ApiProperty({ type: [ChatMessageDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'messages must contain at least one message' })
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages!: ChatMessageDto[];

  @ApiPropertyOptional({ description: 'Provider id when model is a bare id (contract §2 rule 2)' })
  @IsOptional()
  provider?: unknown;

  @ApiPropertyOptional({
    type: [String],
    description: 'Fallback models tried in order when "model" fails (OpenRouter style, any provider; passed through to OpenRouter)',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  models?: string[];

  @ApiPropertyOptional() @IsOptional() @IsBoolean() stream?: boolean;
  @ApiPropertyOptional({ example: { include_usage: true } }) @IsOptional() @IsObject() stream_options?: { include_usage?: boolean };
  @ApiPropertyOptional({ minimum: 0, maximum: 2 }) @IsOptional() @IsNumber() @Min(0) @Max(2) temperature?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 1 }) @IsOptional() @IsNumber() @Min(0) @Max(1) top_p?: number;
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @IsInt() @Min(1) max_tokens?: number;
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @IsInt() @Min(1) max_completion_tokens?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 16 }) @IsOptional() @IsInt() @Min(1) @Max(16) n?: number;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) @IsOptional() @IsArray() tools?: unknown[];
  @ApiPropertyOptional() @IsOptional() tool_choice?: unknown;
  @ApiPropertyOptional({ example: { type: 'json_object' } }) @IsOptional() @IsObject() response_format?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() stop?: unknown;
  @ApiPropertyOptional() @IsOptional() @IsString() user?: string;
  @ApiPropertyOptional({ description: 'mock provider only: failure modes {status, failAfterChunks, delayMs, chunkDelayMs}' })
  @IsOptional()
  @IsObject()
  mock?: Record<string, unknown>;
}
