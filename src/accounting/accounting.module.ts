import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GENERATION_BILLING } from '../generations/generation-billing.js';
import { GenerationEntity } from '../generations/generation.entity.js';
import { ApiKeyEntity } from '../keys/api-key.entity.js';
import { RoutingModule } from '../routing/routing.module.js';
import { AccountingHook } from './accounting.hook.js';
import { ProviderKeysService } from './byok/provider-keys.service.js';
import { LedgerGenerationBilling } from './generations/ledger-generation-billing.service.js';
import { KeyAdminService } from './key-admin.service.js';
import { CreditHoldEntity } from './credits/credit-hold.entity.js';
import { CreditLedgerEntryEntity } from './credits/credit-ledger-entry.entity.js';
import { CreditsService } from './credits/credits.service.js';
import { LimitsModule } from './limits/limits.module.js';
import { PriceCatalogService } from './prices/price-catalog.service.js';
import { ACCOUNTING_STORE, type AccountingStore } from './store/accounting-store.js';
import { createAccountingStore } from './store/create-accounting-store.js';
import { UsageDailyEntity } from './usage/usage-daily.entity.js';
import { UsageQueryService } from './usage/usage-query.service.js';
import { UsageRecordEntity } from './usage/usage-record.entity.js';
import { UsageWriter } from './usage/usage-writer.js';

/**
 * Credits, prices, usage and per-key limits; the hook registers itself with the
 * gateway at init. Also bills async generation jobs on the ledger (GENERATION_BILLING).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ApiKeyEntity,
      CreditHoldEntity,
      CreditLedgerEntryEntity,
      UsageRecordEntity,
      UsageDailyEntity,
      GenerationEntity,
    ]),
    RoutingModule,
    LimitsModule,
  ],
  providers: [
    { provide: ACCOUNTING_STORE, inject: [DataSource], useFactory: createAccountingStore },
    { provide: UsageWriter, inject: [ACCOUNTING_STORE], useFactory: (store: AccountingStore) => new UsageWriter(store) },
    PriceCatalogService,
    CreditsService,
    ProviderKeysService,
    UsageQueryService,
    KeyAdminService,
    AccountingHook,
    { provide: GENERATION_BILLING, useClass: LedgerGenerationBilling },
  ],
  exports: [CreditsService, UsageQueryService, KeyAdminService, PriceCatalogService, GENERATION_BILLING, LimitsModule],
})
export class AccountingModule {}
