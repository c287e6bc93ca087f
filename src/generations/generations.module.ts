import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountingModule } from '../accounting/accounting.module.js';
import { MediaModule } from '../media/media.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { GenerationEvents } from './generation-events.service.js';
import { GenerationJobs } from './generation-jobs.service.js';
import { GenerationProviders } from './generation-providers.service.js';
import { GenerationStorage } from './generation-storage.service.js';
import { GenerationStore } from './generation-store.service.js';
import { GenerationEntity } from './generation.entity.js';
import { GenerationsController } from './generations.controller.js';
import { GenerationsService } from './generations.service.js';
import { SyncGenerations } from './sync-generations.service.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';

/**
 * Typed generations (contract §4 /api/v2/generations). Exports what GraphQL
 * (generate, generation, generationUpdates) and the provider listing need.
 */
@Module({
  // AccountingModule provides GENERATION_BILLING (the credit ledger) and the unit prices.
  imports: [TypeOrmModule.forFeature([GenerationEntity]), RoutingModule, MediaModule, AccountingModule],
  controllers: [GenerationsController],
  providers: [
    GenerationsService,
    GenerationJobs,
    GenerationStore,
    GenerationProviders,
    GenerationStorage,
    GenerationEvents,
    SyncGenerations,
    WebhookDeliveryService,
  ],
  exports: [GenerationsService, GenerationEvents, GenerationProviders],
})
export class GenerationsModule {}
