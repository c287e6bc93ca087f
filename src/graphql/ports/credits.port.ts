import type { ApiKeyEntity } from '../../keys/api-key.entity.js';

/**
 * Credit movements for `addCredits` (POST /admin/keys/{id}/credits), bound by the
 * accounting module, which owns the ledger; while unbound, addCredits answers not_implemented.
 */
export const CREDITS = Symbol('CREDITS');

export interface Credits {
  /** Adds (or, negative, deducts) credit through the ledger and returns the updated key. */
  add(keyId: string, amountMicroUsd: number): Promise<ApiKeyEntity>;
}
