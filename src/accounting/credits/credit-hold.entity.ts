import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../database/bigint.transformer.js';

/**
 * An open reservation. It exists from the reservation until the request is
 * settled (or the sweeper releases it); deleting the row is what makes a
 * settlement happen exactly once.
 */
@Entity({ name: 'credit_holds' })
export class CreditHoldEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'key_id', type: 'varchar', length: 36 })
  keyId!: string;

  @Column({ name: 'amount_micro_usd', type: 'bigint', transformer: bigintToNumber })
  amountMicroUsd!: number;

  @Column({ name: 'request_id', type: 'varchar', length: 128 })
  requestId!: string;

  @Column({ name: 'created_at_ms', type: 'bigint', transformer: bigintToNumber })
  createdAtMs!: number;
}
