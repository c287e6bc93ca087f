import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../database/bigint.transformer.js';
import type { GenerationStatus, GenerationType } from './generation.types.js';

/**
 * One typed generation. Async ones are durable jobs: the row is the job's
 * whole state, so any instance can resume it after a restart. The lease says
 * which instance is driving it right now; the billing columns record the
 * charge (see accounting's LedgerGenerationBilling).
 */
@Entity({ name: 'generations' })
@Index('idx_generations_status_lease', ['status', 'leaseUntilMs'])
export class GenerationEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: GenerationType;

  @Column({ type: 'varchar', length: 16 })
  status!: GenerationStatus;

  @Column({ type: 'boolean', default: false })
  async!: boolean;

  @Column({ type: 'varchar', length: 100 })
  provider!: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  model!: string | null;

  /** The API key's id, or `admin`. */
  @Column({ name: 'principal_id', type: 'varchar', length: 64 })
  principalId!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  project!: string | null;

  /** The generation's config as the client sent it. */
  @Column({ type: 'simple-json' })
  config!: Record<string, unknown>;

  @Column({ name: 'upstream_id', type: 'varchar', length: 300, nullable: true })
  upstreamId!: string | null;

  /** What the provider needs to poll besides the id (Venice: the model). */
  @Column({ name: 'upstream_state', type: 'simple-json', nullable: true })
  upstreamState!: Record<string, unknown> | null;

  @Column({ type: 'integer', default: 0 })
  progress!: number;

  @Column({ type: 'simple-json', nullable: true })
  result!: Record<string, unknown> | null;

  @Column({ type: 'simple-json', nullable: true })
  error!: { code: string; message: string } | null;

  @Column({ name: 'webhook_url', type: 'varchar', length: 2000, nullable: true })
  webhookUrl!: string | null;

  @Column({ type: 'integer', default: 0 })
  polls!: number;

  @Column({ name: 'next_poll_at_ms', type: 'bigint', nullable: true, transformer: bigintToNumber })
  nextPollAtMs!: number | null;

  @Column({ name: 'deadline_at_ms', type: 'bigint', nullable: true, transformer: bigintToNumber })
  deadlineAtMs!: number | null;

  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until_ms', type: 'bigint', nullable: true, transformer: bigintToNumber })
  leaseUntilMs!: number | null;

  @Column({ name: 'reserved_micro_usd', type: 'bigint', nullable: true, transformer: bigintToNumber })
  reservedMicroUsd!: number | null;

  @Column({ name: 'cost_micro_usd', type: 'bigint', nullable: true, transformer: bigintToNumber })
  costMicroUsd!: number | null;

  @Column({ name: 'billed_at_ms', type: 'bigint', nullable: true, transformer: bigintToNumber })
  billedAtMs!: number | null;

  @Column({ name: 'refunded_at_ms', type: 'bigint', nullable: true, transformer: bigintToNumber })
  refundedAtMs!: number | null;

  @Column({ name: 'created_at_ms', type: 'bigint', transformer: bigintToNumber })
  createdAtMs!: number;

  @Column({ name: 'updated_at_ms', type: 'bigint', transformer: bigintToNumber })
  updatedAtMs!: number;

  @Column({ name: 'completed_at_ms', type: 'bigint', nullable: true, transformer: bigintToNumber })
  completedAtMs!: number | null;
}
