import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { decodeCursor, UsageQueryService, type SummaryDimension, type UsageFilter } from '../accounting/usage/usage-query.service.js';
import { InvalidRequestError } from '../errors/gateway-error.js';
import { AdminOnly } from '../keys/auth.decorators.js';
import { ApiErrorResponses } from './api-error-responses.decorator.js';
import { UsageQueryDto, UsageSummaryQueryDto } from './dto/usage-query.dto.js';
import { pageLimit } from './page-limit.js';
import { CSV_HEADER, csvLine, summaryView, usageView } from './usage-view.js';

function filterOf(dto: UsageQueryDto): UsageFilter {
  return {
    keyId: dto.keyId,
    provider: dto.provider,
    model: dto.model,
    route: dto.route,
    status: dto.status === undefined ? undefined : Number(dto.status),
    fromMs: dto.from === undefined ? undefined : Date.parse(dto.from),
    toMs: dto.to === undefined ? undefined : Date.parse(dto.to),
  };
}

@ApiTags('Admin')
@ApiBearerAuth()
@ApiErrorResponses()
@AdminOnly()
@Controller('admin/usage')
export class AdminUsageController {
  constructor(private readonly usage: UsageQueryService) {}

  @Get()
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary:
      'The request log, newest first: one record per request (key, route, provider, model, status, tokens, cost, latency, ' +
      'time to first token, attempts). Pages with limit/cursor; format=csv exports every match.',
  })
  async list(@Query() dto: UsageQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const filter = filterOf(dto);
    if (dto.format === 'csv') {
      const usage = this.usage;
      async function* lines(): AsyncGenerator<string> {
        yield CSV_HEADER;
        for await (const batch of usage.all(filter)) yield batch.map(csvLine).join('');
      }
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="usage.csv"');
      return Readable.from(lines());
    }
    const cursor = dto.cursor === undefined ? undefined : decodeCursor(dto.cursor);
    if (dto.cursor !== undefined && cursor === undefined) throw new InvalidRequestError('cursor is not one this API returned', 'cursor');
    const page = await this.usage.list(filter, pageLimit(dto.limit), cursor);
    return { object: 'list', data: page.records.map(usageView), nextCursor: page.nextCursor };
  }

  @Get('summary')
  @ApiOperation({
    summary: 'Requests, errors, tokens and cost grouped by key, provider, model and/or UTC day, read from daily rollups',
  })
  async summary(@Query() dto: UsageSummaryQueryDto): Promise<Record<string, unknown>> {
    const groupBy = [...new Set((dto.groupBy ?? 'day').split(','))] as SummaryDimension[];
    const rows = await this.usage.summary({
      groupBy,
      fromDay: dto.from?.slice(0, 10),
      toDay: dto.to?.slice(0, 10),
      keyId: dto.keyId,
    });
    return { object: 'list', groupBy, data: rows.map(summaryView) };
  }
}
