import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../keys/auth.decorators.js';
import { ApiKeysService } from '../keys/api-keys.service.js';
import { ApiErrorResponses } from './api-error-responses.decorator.js';
import { CreateKeyDto } from './dto/create-key.dto.js';
import { keyView, toMicroUsd } from './key-view.js';

@ApiTags('Admin')
@ApiBearerAuth()
@ApiErrorResponses()
@AdminOnly()
@Controller('admin/keys')
export class AdminKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Mint a key; the response is the only time "key" is shown' })
  async create(@Body() dto: CreateKeyDto): Promise<Record<string, unknown>> {
    const { entity, key } = await this.keys.create({
      name: dto.name,
      balanceMicroUsd: dto.creditsUsd === undefined ? null : toMicroUsd(dto.creditsUsd),
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
  async get(@Param('id') id: string): Promise<Record<string, unknown>> {
    return keyView(await this.keys.getOrThrow(id));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key; it stops working at once on this instance and within 5 s on others' })
  async revoke(@Param('id') id: string): Promise<Record<string, unknown>> {
    return keyView(await this.keys.revoke(id));
  }
}
