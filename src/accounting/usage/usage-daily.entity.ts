import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../database/bigint.transformer.js';

/** Per UTC day, key, provider and model: what summaries read instead of scanning usage_records. */
@Entity({ name: 'usage_daily' })
export class UsageDailyEntity {
  /** `YYYY-MM-DD` (UTC). */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day!: string;

  /** '' for the admin key (rollup dimensions are never NULL). */
  @PrimaryColumn({ name: 'key_id', type: 'varchar', length: 36 })
  keyId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  provider!: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  model!: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  requests!: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  errors!: number;

  @Column({ name: 'prompt_tokens', type: 'bigint', transformer: bigintToNumber })
  promptTokens!: number;

  @Column({ name: 'completion_tokens', type: 'bigint', transformer: bigintToNumber })
  completionTokens!: number;

  @Column({ name: 'cost_micro_usd', type: 'bigint', transformer: bigintToNumber })
  costMicroUsd!: number;
}
