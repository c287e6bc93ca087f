import { Module } from '@nestjs/common';
import { AccountingModule } from '../accounting/accounting.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { AdminKeysController } from './admin-keys.controller.js';
import { AdminUsageController } from './admin-usage.controller.js';
import { ModelsController } from './models.controller.js';
import { OpenAIV1Controller } from './openai-v1.controller.js';
import { ProviderDirectController } from './provider-direct.controller.js';
import { ProxyResponder } from './proxy-responder.service.js';

@Module({
  imports: [RoutingModule, AccountingModule],
  controllers: [OpenAIV1Controller, ModelsController, ProviderDirectController, AdminKeysController, AdminUsageController],
  providers: [ProxyResponder],
})
export class RestModule {}
