import { CreditHoldEntity } from '../accounting/credits/credit-hold.entity.js';
import { CreditLedgerEntryEntity } from '../accounting/credits/credit-ledger-entry.entity.js';
import { UsageDailyEntity } from '../accounting/usage/usage-daily.entity.js';
import { UsageRecordEntity } from '../accounting/usage/usage-record.entity.js';
import { GenerationEntity } from '../generations/generation.entity.js';
import { ApiKeyEntity } from '../keys/api-key.entity.js';

export const ENTITIES = [ApiKeyEntity, CreditHoldEntity, CreditLedgerEntryEntity, UsageRecordEntity, UsageDailyEntity, GenerationEntity];
