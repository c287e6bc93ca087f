import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { GenerationBilling, GenerationCharge } from './generation-billing.js';
import { GenerationEntity } from './generation.entity.js';

/**
 * GenerationBilling that records the reservation, charge and refund on the
 * generation's own row (reserved_micro_usd, cost_micro_usd, billed_at_ms,
 * refunded_at_ms) and moves no credits. It stands in until the accounting
 * ledger provides GENERATION_BILLING; each write is guarded so a repeated call
 * changes nothing.
 */
@Injectable()
export class JobRowGenerationBilling implements GenerationBilling {
  constructor(@InjectRepository(GenerationEntity) private readonly repo: Repository<GenerationEntity>) {}

  async reserve(charge: GenerationCharge): Promise<void> {
    if (charge.estimateMicroUsd === undefined) return;
    await this.repo.update({ id: charge.generationId, reservedMicroUsd: IsNull() }, { reservedMicroUsd: charge.estimateMicroUsd });
  }

  async settle(charge: GenerationCharge, costMicroUsd: number | undefined): Promise<void> {
    await this.repo.update(
      { id: charge.generationId, billedAtMs: IsNull(), refundedAtMs: IsNull() },
      { costMicroUsd: costMicroUsd ?? charge.estimateMicroUsd ?? null, billedAtMs: Date.now() },
    );
  }

  async refund(charge: GenerationCharge): Promise<void> {
    await this.repo.update(
      { id: charge.generationId, billedAtMs: IsNull(), refundedAtMs: IsNull() },
      { costMicroUsd: 0, refundedAtMs: Date.now() },
    );
  }
}
