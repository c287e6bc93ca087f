import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { clientAbortSignal, principalOf } from '../media/reply-helpers.js';
import { ApiErrorResponses } from '../rest/api-error-responses.decorator.js';
import { errorBody } from '../rest/error-body.js';
import { CreateGenerationDto, GenerationBatchDto } from './dto/create-generation.dto.js';
import type { GenerationView } from './generation.types.js';
import { GenerationsService, type Caller } from './generations.service.js';

@ApiTags('Generations')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api/v2/generations')
export class GenerationsController {
  constructor(private readonly generations: GenerationsService) {}

  @Post()
  @ApiOperation({ summary: 'Generate text, an image, speech, video or music; sync types answer 200, jobs answer 202 and run on' })
  @ApiOkResponse({ description: 'A finished generation' })
  @ApiAcceptedResponse({ description: 'A running job: poll GET /api/v2/generations/{id}, or use webhookUrl' })
  async create(
    @Body() body: CreateGenerationDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GenerationView> {
    const outcome = await this.generations.create(this.caller(request, reply), body);
    void reply.status(outcome.accepted ? 202 : 200);
    return outcome.generation;
  }

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({ summary: 'Several generations, one result per item in order; a failed item does not fail the others' })
  async batch(
    @Body() body: GenerationBatchDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const results = await this.generations.batch(this.caller(request, reply), body);
    return {
      object: 'list',
      data: results.map((item) => ({ ...item, error: item.error ? errorBody(item.error).error : null })),
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A generation: status, progress, result or error, cost' })
  get(@Param('id') id: string, @Req() request: FastifyRequest): Promise<GenerationView> {
    return this.generations.get(principalOf(request), id);
  }

  @Get(':id/content/:index')
  @ApiOperation({ summary: 'A stored output (image, speech, music) of a generation, with its content type' })
  async content(
    @Param('id') id: string,
    @Param('index', ParseIntPipe) index: number,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const content = await this.generations.content(principalOf(request), id, index);
    void reply.headers({ 'content-type': content.contentType, 'content-length': String(content.bytes) });
    return content.stream;
  }

  private caller(request: FastifyRequest, reply: FastifyReply): Caller {
    return { principal: principalOf(request), requestId: request.id, signal: clientAbortSignal(reply) };
  }
}
