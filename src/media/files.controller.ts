import { Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../errors/gateway-error.js';
import { ApiErrorResponses } from '../rest/api-error-responses.decorator.js';
import { FilesService } from './files.service.js';
import { clientAbortSignal, principalOf } from './reply-helpers.js';
import { limitedContent } from './upload-limit.js';

const USAGE = 'Send multipart/form-data with the fields "provider" and "purpose" first, then the "file" part.';

@ApiTags('OpenAI-compatible')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('v1/files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Upload a file to a provider that takes files (OpenAI, Together); streamed through, never buffered whole',
  })
  @ApiConsumes('multipart/form-data')
  @ApiQuery({ name: 'provider', required: false, description: 'Alternative to the "provider" form field' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['provider', 'purpose', 'file'],
      properties: {
        provider: { type: 'string', example: 'together' },
        purpose: { type: 'string', example: 'fine-tune' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  async upload(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('provider') providerQuery?: string,
  ): Promise<Record<string, unknown>> {
    if (!request.isMultipart()) throw new InvalidRequestError(`Content-Type must be multipart/form-data. ${USAGE}`);
    const principal = principalOf(request);
    const fields: Record<string, string> = {};
    let uploaded: Record<string, unknown> | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (uploaded || part.fieldname !== 'file')
        throw new InvalidRequestError(`Exactly one file part named "file" is expected. ${USAGE}`, 'file');
      const { provider = providerQuery, purpose, ...rest } = fields;
      if (!provider) throw new InvalidRequestError(`provider is required before the file part. ${USAGE}`, 'provider');
      if (!purpose) throw new InvalidRequestError(`purpose is required before the file part. ${USAGE}`, 'purpose');
      const result = await this.files.upload({
        provider,
        principal,
        purpose,
        fields: rest,
        filename: part.filename || 'upload',
        contentType: part.mimetype || 'application/octet-stream',
        file: limitedContent(part.file),
        signal: clientAbortSignal(reply),
        requestId: request.id,
      });
      void reply.headers({ 'x-switchyard-provider': result.provider, 'x-switchyard-attempts': '1' });
      uploaded = result.json;
    }
    if (!uploaded) throw new InvalidRequestError(`The file part is missing. ${USAGE}`, 'file');
    return uploaded;
  }
}
