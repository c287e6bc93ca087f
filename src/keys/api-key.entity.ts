import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../database/bigint.transformer.js';

/** A client key. Only its SHA-256 is stored; the key itself is shown once, at minting. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The first characters of the key (`sy_live_AbCd`), to recognise it in lists. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Index({ unique: true })
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  /** Spendable credit in micro-USD; null means unlimited (metered only). */
  @Column({ name: 'balance_micro_usd', type: 'bigint', nullable: true, transformer: bigintToNumber })
  balanceMicroUsd!: number | null;

  @Column({ name: 'allowed_models', type: 'simple-json', nullable: true })
  allowedModels!: string[] | null;

  @Column({ name: 'allowed_providers', type: 'simple-json', nullable: true })
  allowedProviders!: string[] | null;

  @Column({ type: 'integer', nullable: true })
  rpm!: number | null;

  @Column({ type: 'integer', nullable: true })
  tpm!: number | null;

  @Column({ name: 'owner_user', type: 'varchar', length: 200, nullable: true })
  ownerUser!: string | null;

  @Column({ name: 'owner_team', type: 'varchar', length: 200, nullable: true })
  ownerTeam!: string | null;

  @Column({ name: 'owner_project', type: 'varchar', length: 200, nullable: true })
  ownerProject!: string | null;

  @Column({ name: 'expires_at_ms', type: 'bigint', nullable: true, transformer: bigintToNumber })
  expiresAtMs!: number | null;

  @Column({ name: 'created_at_ms', type: 'bigint', transformer: bigintToNumber })
  createdAtMs!: number;

  /** Bring-your-own upstream keys by provider id, each sealed with AES-256-GCM (never plaintext at rest). */
  @Column({ name: 'provider_keys', type: 'simple-json', nullable: true })
  providerKeys!: Record<string, string> | null;

  @Column({ name: 'revoked_at_ms', type: 'bigint', nullable: true, transformer: bigintToNumber })
  revokedAtMs!: number | null;
}
