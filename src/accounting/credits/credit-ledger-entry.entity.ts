import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../database/bigint.transformer.js';

/** credit: admin top-up or deduction; hold: a request's worst case; release: a hold given back; charge: what a request cost. */
export type LedgerKind = 'credit' | 'hold' | 'release' | 'charge';

/**
 * One balance movement, append-only. Written in the same transaction as the
 * balance change, so a key's balance always equals the sum of its entries.
 */
@Entity({ name: 'credit_ledger' })
export class CreditLedgerEntryEntity {
  /** Assigned by the database (autoincrement); rows are inserted by the accounting store, never through TypeORM. */
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintToNumber })
  id!: number;

  @Column({ name: 'key_id', type: 'varchar', length: 36 })
  keyId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: LedgerKind;

  /** Signed: negative takes from the balance. */
  @Column({ name: 'amount_micro_usd', type: 'bigint', transformer: bigintToNumber })
  amountMicroUsd!: number;

  @Column({ name: 'balance_after_micro_usd', type: 'bigint', nullable: true, transformer: bigintToNumber })
  balanceAfterMicroUsd!: number | null;

  @Column({ name: 'hold_id', type: 'varchar', length: 36, nullable: true })
  holdId!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @Column({ name: 'created_at_ms', type: 'bigint', transformer: bigintToNumber })
  createdAtMs!: number;
}
