import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CreditsService } from '../accounting/credits/credits.service.js';
import { KeyAdminService } from '../accounting/key-admin.service.js';
import { AdminOnly } from '../keys/auth.decorators.js';
import { ApiKeysService } from '../keys/api-keys.service.js';
import { ApiErrorResponses } from './api-error-responses.decorator.js';
import { AddCreditsDto } from './dto/add-credits.dto.js';
import { CreateKeyDto } from './dto/create-key.dto.js';
import { UpdateKeyDto } from './dto/update-key.dto.js';
import { exactMicroUsd, keyView, toUsd } from './key-view.js';
import { ledgerEntryView } from './ledger-view.js';
import { pageLimit } from './page-limit.js';

@ApiTags('Admin')
@ApiBearerAuth()
@ApiErrorResponses()
@AdminOnly()
@Controller('admin/keys')
export class AdminKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly admin: KeyAdminService,
    private readonly credits: CreditsService,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Mint a key; the response is the only time "key" is shown. creditsUsd opens a balance; without it the key is unlimited (metered only)',
  })
  async create(@Body() dto: CreateKeyDto): Promise<Record<string, unknown>> {
    const { entity, key } = await this.admin.create({
      name: dto.name,
      creditsMicroUsd: dto.creditsUsd === undefined ? undefined : exactMicroUsd(dto.creditsUsd, 'creditsUsd', true),
      allowedModels: dto.allowedModels,
      allowedProviders: dto.allowedProviders,
      rpm: dto.rpm,
      tpm: dto.tpm,
      expiresAtMs: dto.expiresAt ? Date.parse(dto.expiresAt) : null,
      ownerUser: dto.ownerUser,
      ownerTeam: dto.ownerTeam,
      ownerProject: dto.ownerProject,
    });
    return { ...keyView(entity), key };
  }

  @Get()
  @ApiOperation({ summary: 'Active keys (never the key itself)' })
  async list(): Promise<Record<string, unknown>> {
    return { object: 'list', data: (await this.keys.list()).map(keyView) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One key; reservedUsd is what requests in flight hold of its balance' })
  async get(@Param('id') id: string): Promise<Record<string, unknown>> {
    const key = await this.keys.getOrThrow(id);
    return { ...keyView(key), reservedUsd: toUsd(await this.admin.reservedMicroUsd(id)) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change scopes, limits, expiry, owner or provider keys; omitted fields stay, null clears' })
  async update(@Param('id') id: string, @Body() dto: UpdateKeyDto): Promise<Record<string, unknown>> {
    const key = await this.admin.update(id, {
      name: dto.name,
      allowedModels: dto.allowedModels,
      allowedProviders: dto.allowedProviders,
      rpm: dto.rpm,
      tpm: dto.tpm,
      expiresAtMs: dto.expiresAt === undefined ? undefined : dto.expiresAt === null ? null : Date.parse(dto.expiresAt),
      ownerUser: dto.ownerUser,
      ownerTeam: dto.ownerTeam,
      ownerProject: dto.ownerProject,
      providerKeys: dto.providerKeys,
    });
    return keyView(key);
  }

  @Post(':id/credits')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add credits (negative amountUsd deducts, never below zero); returns the updated key' })
  async addCredits(@Param('id') id: string, @Body() dto: AddCreditsDto): Promise<Record<string, unknown>> {
    return keyView(await this.admin.addCredits(id, exactMicroUsd(dto.amountUsd, 'amountUsd'), dto.note ?? null));
  }

  @Get(':id/ledger')
  @ApiOperation({ summary: "The key's credit ledger, newest first: credit, hold, release and charge entries whose sum is the balance" })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiQuery({ name: 'cursor', required: false })
  async ledger(
    @Param('id') id: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ): Promise<Record<string, unknown>> {
    await this.keys.getOrThrow(id);
    const page = await this.credits.ledgerPage(id, pageLimit(limit), cursor);
    return { object: 'list', data: page.entries.map(ledgerEntryView), nextCursor: page.nextCursor };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key; it stops working at once on this instance and within 5 s on others' })
  async revoke(@Param('id') id: string): Promise<Record<string, unknown>> {
    return keyView(await this.keys.revoke(id));
  }
}
