import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../database/bigint.transformer.js';

/** One request as the admin API lists it. Slim on purpose: no bodies, no JSON. */
@Entity({ name: 'usage_records' })
export class UsageRecordEntity {
  /** Assigned by the database (autoincrement); rows are inserted by the accounting store, never through TypeORM. */
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintToNumber })
  id!: number;

  @Column({ name: 'request_id', type: 'varchar', length: 128 })
  requestId!: string;

  @Column({ name: 'created_at_ms', type: 'bigint', transformer: bigintToNumber })
  createdAtMs!: number;

  /** Null for the admin key. */
  @Column({ name: 'key_id', type: 'varchar', length: 36, nullable: true })
  keyId!: string | null;

  /** What the client asked for: an alias or `<provider>/<model>`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  route!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  provider!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  model!: string | null;

  @Column({ type: 'varchar', length: 16 })
  operation!: string;

  /** HTTP status; 499 when the client went away. */
  @Column({ type: 'smallint' })
  status!: number;

  @Column({ name: 'error_code', type: 'varchar', length: 48, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'prompt_tokens', type: 'integer' })
  promptTokens!: number;

  @Column({ name: 'completion_tokens', type: 'integer' })
  completionTokens!: number;

  /** Price × usage; null when the price is unknown. */
  @Column({ name: 'cost_micro_usd', type: 'bigint', nullable: true, transformer: bigintToNumber })
  costMicroUsd!: number | null;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs!: number;

  @Column({ name: 'ttft_ms', type: 'integer', nullable: true })
  ttftMs!: number | null;

  @Column({ type: 'smallint' })
  attempts!: number;

  @Column({ type: 'boolean' })
  streamed!: boolean;

  /** Tokens counted by the gateway because the upstream reported none. */
  @Column({ type: 'boolean' })
  estimated!: boolean;

  @Column({ type: 'boolean' })
  unpriced!: boolean;

  /** Served with the key's own provider key, so not charged to its credits. */
  @Column({ type: 'boolean' })
  byok!: boolean;
}
