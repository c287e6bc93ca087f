import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { ApiErrorResponses } from '../rest/api-error-responses.decorator.js';
import { servedHeaders } from '../rest/served-headers.js';
import { clientAbortSignal, costHeader, principalOf } from './reply-helpers.js';
import { ImageGenerationRequestDto } from './dto/image-generation-request.dto.js';
import { SpeechRequestDto } from './dto/speech-request.dto.js';
import { MediaService } from './media.service.js';

type Body = Record<string, unknown>;

@ApiTags('OpenAI-compatible')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('v1')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Post('images/generations')
  @HttpCode(200)
  @ApiOperation({ summary: 'Image generation (OpenAI, Together, Venice, Hugging Face text-to-image); x-switchyard-cost-usd per image' })
  @ApiOkResponse({ description: '{created, data: [{b64_json | url}]}' })
  async images(
    @Body() body: ImageGenerationRequestDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const result = await this.media.generateImage({
      body: body as unknown as Body,
      requestId: request.id,
      principal: principalOf(request),
      signal: clientAbortSignal(reply),
    });
    void reply.headers({ ...servedHeaders(result.ctx), ...costHeader(result.ctx.costMicroUsd) });
    return result.json;
  }

  @Post('audio/speech')
  @HttpCode(200)
  @ApiOperation({ summary: "Text to speech (OpenAI, Venice): the provider's audio, streamed with its content type" })
  @ApiProduces('audio/mpeg', 'audio/wav', 'audio/opus', 'audio/aac', 'audio/flac', 'audio/pcm')
  @ApiOkResponse({ description: 'Audio bytes' })
  async speech(
    @Body() body: SpeechRequestDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const { audio, ctx } = await this.media.speech({
      body: body as unknown as Body,
      requestId: request.id,
      principal: principalOf(request),
      signal: clientAbortSignal(reply),
    });
    void reply.headers({
      ...servedHeaders(ctx),
      ...costHeader(ctx.costMicroUsd),
      'content-type': audio.contentType,
      ...(audio.contentLength !== undefined ? { 'content-length': String(audio.contentLength) } : {}),
    });
    return audio.body;
  }
}
