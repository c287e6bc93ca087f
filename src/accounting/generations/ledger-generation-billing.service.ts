import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ForbiddenError, GatewayError } from '../../errors/gateway-error.js';
import type { GenerationBilling, GenerationCharge } from '../../generations/generation-billing.js';
import { GenerationEntity } from '../../generations/generation.entity.js';
import type { ApiKeyEntity } from '../../keys/api-key.entity.js';
import { ApiKeysService } from '../../keys/api-keys.service.js';
import { CreditLedgerEntryEntity } from '../credits/credit-ledger-entry.entity.js';
import { CreditsService } from '../credits/credits.service.js';
import { generationRefusal } from '../policy/generation-policy.js';
import { UsageWriter } from '../usage/usage-writer.js';
import { generationHoldId, generationUsageRow } from './generation-ledger.js';

const usd = (microUsd: number): string => `$${(microUsd / 1e6).toFixed(6)}`;

/**
 * Async generations on the credit ledger. reserve holds the job's estimate
 * from a key with credits (402 when it cannot be covered), settle charges the
 * final cost once and releases the rest, refund releases the hold. Every step
 * is also recorded on the job row (reserved_micro_usd, cost_micro_usd,
 * billed_at_ms, refunded_at_ms). Each call is idempotent per generation: the
 * hold id derives from the generation id, a charge is looked up on the ledger
 * before it is written, and the row's billed/refunded marks are set once.
 */
@Injectable()
export class LedgerGenerationBilling implements GenerationBilling {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly credits: CreditsService,
    private readonly writer: UsageWriter,
    @InjectRepository(GenerationEntity) private readonly jobs: Repository<GenerationEntity>,
    @InjectRepository(CreditLedgerEntryEntity) private readonly ledger: Repository<CreditLedgerEntryEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async reserve(charge: GenerationCharge): Promise<void> {
    const key = charge.keyId ? await this.keys.getOrThrow(charge.keyId) : undefined;
    if (key) {
      const refusal = generationRefusal(key, charge.provider, charge.model, Date.now());
      if (refusal) throw refusal;
    }
    const estimate = charge.estimateMicroUsd;
    if (estimate === undefined) {
      if (key?.balanceMicroUsd != null && this.config.accounting.unknownPrice === 'deny') {
        throw new ForbiddenError(
          `No price is known for ${charge.provider}/${charge.model}, and requests with unknown prices are refused for keys with credits ` +
            `(accounting.unknownPrice: deny). An admin can add it under "prices:" in the config file.`,
        );
      }
      return;
    }
    const row = await this.jobs.findOneBy({ id: charge.generationId });
    if (row?.reservedMicroUsd != null) return;
    if (key?.balanceMicroUsd != null && estimate > 0) await this.hold(key, charge, estimate);
    await this.jobs.update({ id: charge.generationId, reservedMicroUsd: IsNull() }, { reservedMicroUsd: estimate });
  }

  async settle(charge: GenerationCharge, costMicroUsd: number | undefined): Promise<void> {
    const row = await this.jobs.findOneBy({ id: charge.generationId });
    if (!row || row.billedAtMs !== null || row.refundedAtMs !== null) return;
    const cost = costMicroUsd ?? charge.estimateMicroUsd;
    // A process that died after charging and before marking the row comes back here: charge once.
    if (!(await this.charged(charge.generationId))) {
      const key = charge.keyId ? await this.keys.getOrThrow(charge.keyId) : undefined;
      const now = Date.now();
      await this.writer.enqueue({
        usage: generationUsageRow(charge, cost, row.createdAtMs, now),
        settlement:
          key?.balanceMicroUsd != null
            ? { keyId: key.id, holdId: generationHoldId(charge.generationId), chargeMicroUsd: cost ?? 0, requestId: charge.generationId }
            : undefined,
      });
      await this.writer.flush();
    }
    await this.jobs.update(
      { id: charge.generationId, billedAtMs: IsNull(), refundedAtMs: IsNull() },
      { costMicroUsd: cost ?? null, billedAtMs: Date.now() },
    );
  }

  async refund(charge: GenerationCharge): Promise<void> {
    const marked = await this.jobs.update(
      { id: charge.generationId, billedAtMs: IsNull(), refundedAtMs: IsNull() },
      { costMicroUsd: 0, refundedAtMs: Date.now() },
    );
    // A crash right here leaves the hold to the sweeper, which releases it all the same.
    if (marked.affected !== 1 || !charge.keyId) return;
    const key = await this.keys.getOrThrow(charge.keyId);
    if (key.balanceMicroUsd === null) return;
    const holdId = generationHoldId(charge.generationId);
    await this.writer.enqueue({
      settlement: { keyId: key.id, holdId, chargeMicroUsd: 0, requestId: charge.generationId, note: 'generation failed' },
    });
    await this.writer.flush();
  }

  /** Takes the estimate from the balance under the generation's own hold id, unless a crashed attempt already did. */
  private async hold(key: ApiKeyEntity, charge: GenerationCharge, estimate: number): Promise<void> {
    const holdId = generationHoldId(charge.generationId);
    if (await this.credits.holding(holdId)) return;
    let held = await this.credits.reserve(key.id, estimate, charge.generationId, holdId);
    // Unused reservations of finished requests come back when their settlements are written.
    if (!held && this.writer.settling(key.id)) {
      await this.writer.flush();
      held = await this.credits.reserve(key.id, estimate, charge.generationId, holdId);
    }
    if (held) return;
    const balance = (await this.keys.getOrThrow(key.id)).balanceMicroUsd ?? 0;
    throw new GatewayError(
      'insufficient_credits',
      `Insufficient credits: this ${charge.type} generation may cost up to ${usd(estimate)} and the key has ${usd(balance)} available. ` +
        `Ask an admin to add credits (POST /admin/keys/${key.id}/credits).`,
    );
  }

  private async charged(generationId: string): Promise<boolean> {
    return this.ledger.existsBy({ requestId: generationId, kind: 'charge' });
  }
}
