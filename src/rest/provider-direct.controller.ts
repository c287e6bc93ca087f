import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrorResponses } from './api-error-responses.decorator.js';
import { ChatCompletionRequestDto } from './dto/chat-completion-request.dto.js';
import { ProxyResponder } from './proxy-responder.service.js';

type Body = Record<string, unknown>;

@ApiTags('Provider-direct')
@ApiBearerAuth()
@ApiErrorResponses()
@ApiHeader({
  name: 'x-switchyard-timeout-ms',
  required: false,
  description: 'Deadline in ms for an answer; no retry or wait runs past it (default: defaults.deadlineMs in the config file)',
})
@Controller('api')
export class ProviderDirectController {
  constructor(private readonly proxy: ProxyResponder) {}

  @Post('huggingface/featherless/chat/completions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chat through the Hugging Face router pinned to Featherless (appends ":featherless-ai" to the model)' })
  huggingFaceFeatherless(
    @Body() body: ChatCompletionRequestDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.proxy.handle('chat', body as unknown as Body, req, reply, {
      pinnedProvider: 'huggingface',
      modelSuffix: ':featherless-ai',
    });
  }

  @Post(':provider/chat/completions')
  @HttpCode(200)
  @ApiParam({ name: 'provider', example: 'together' })
  @ApiOperation({ summary: "Chat straight to one provider: the model is that provider's own id, no failover" })
  direct(
    @Param('provider') provider: string,
    @Body() body: ChatCompletionRequestDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.proxy.handle('chat', body as unknown as Body, req, reply, { pinnedProvider: provider });
  }
}
