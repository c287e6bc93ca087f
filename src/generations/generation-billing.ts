import type { GenerationType } from './generation.types.js';

/** Who pays for a generation and what for; built from the job row, so it survives restarts. */
export interface GenerationCharge {
  generationId: string;
  /** The API key's id; null for the admin key (metered, never limited). */
  keyId: string | null;
  type: GenerationType;
  provider: string;
  model: string;
  /** Worst-case cost held by `reserve`; undefined when no price is known. */
  estimateMicroUsd: number | undefined;
}

/**
 * Billing of async generations, which outlive the request that started them
 * (sync ones are billed by the gateway hooks like any request). Every method
 * is idempotent per `generationId`: the job runner may repeat a call after a
 * crash, and the ledger must still show one reservation and one charge or one
 * refund.
 */
export interface GenerationBilling {
  /** Before the provider is asked: hold the estimate; throws 402 `insufficient_credits` when it cannot be covered. */
  reserve(charge: GenerationCharge): Promise<void>;
  /** Once, when the job succeeded: charge `costMicroUsd` (the estimate when undefined) and release the rest. */
  settle(charge: GenerationCharge, costMicroUsd: number | undefined): Promise<void>;
  /** Once, when the job failed or timed out: release the hold, charge nothing. */
  refund(charge: GenerationCharge): Promise<void>;
}

/** Nest token for the GenerationBilling in use. */
export const GENERATION_BILLING = Symbol('GENERATION_BILLING');
