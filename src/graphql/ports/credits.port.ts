import type { ApiKeyEntity } from '../../keys/api-key.entity.js';

/** Credit movements for `addCredits` (POST /admin/keys/{id}/credits); bound in GraphqlModule to accounting's ledger (LedgerCredits). */
export const CREDITS = Symbol('CREDITS');

export interface Credits {
  /** Adds (or, negative, deducts) credit through the ledger and returns the updated key. */
  add(keyId: string, amountMicroUsd: number): Promise<ApiKeyEntity>;
}
