import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChatCompletionRequestDto } from './dto/chat-completion-request.dto.js';
import { CompletionRequestDto } from './dto/completion-request.dto.js';
import { EmbeddingRequestDto } from './dto/embedding-request.dto.js';
import { ApiErrorResponses } from './api-error-responses.decorator.js';
import { ProxyResponder } from './proxy-responder.service.js';

type Body = Record<string, unknown>;

@ApiTags('OpenAI-compatible')
@ApiBearerAuth()
@ApiErrorResponses()
@ApiHeader({
  name: 'x-switchyard-timeout-ms',
  required: false,
  description: 'Deadline in ms for an answer; no retry or wait runs past it (default: defaults.deadlineMs in the config file)',
})
@Controller('v1')
export class OpenAIV1Controller {
  constructor(private readonly proxy: ProxyResponder) {}

  @Post('chat/completions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chat completion; "stream": true answers with server-sent events ending in data: [DONE]' })
  @ApiOkResponse({ description: 'chat.completion, or text/event-stream of chat.completion.chunk' })
  chat(
    @Body() body: ChatCompletionRequestDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.proxy.handle('chat', body as unknown as Body, req, reply);
  }

  @Post('completions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Legacy text completion (streaming supported)' })
  completions(
    @Body() body: CompletionRequestDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.proxy.handle('completions', body as unknown as Body, req, reply);
  }

  @Post('embeddings')
  @HttpCode(200)
  @ApiOperation({ summary: 'Embeddings' })
  embeddings(
    @Body() body: EmbeddingRequestDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.proxy.handle('embeddings', body as unknown as Body, req, reply);
  }
}
