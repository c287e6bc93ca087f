import type { Principal } from '../../keys/principal.js';

/**
 * Typed generation jobs for `generate`, `generation` and `generationUpdates`, bound
 * by the generations module (/api/v2/generations); while unbound they answer not_implemented.
 */
export const GENERATIONS = Symbol('GENERATIONS');

export type GenerationKind = 'text' | 'image' | 'tts' | 'video' | 'music';
export type GenerationState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface GenerationView {
  id: string;
  type: GenerationKind;
  status: GenerationState;
  provider: string;
  model: string | null;
  progress: number | null;
  result: unknown;
  error: { code: string; message: string } | null;
  costMicroUsd: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface GenerationRequest {
  type: GenerationKind;
  provider?: string;
  model?: string;
  config: Record<string, unknown>;
  webhookUrl?: string;
}

export interface Generations {
  create(principal: Principal, request: GenerationRequest, requestId: string): Promise<GenerationView>;
  /** Throws not_found when the job does not exist or belongs to another key. */
  getOrThrow(principal: Principal, id: string): Promise<GenerationView>;
  /** Calls the listener on every change of any job on this instance; returns the unsubscribe function. */
  onUpdate(listener: (job: GenerationView) => void): () => void;
}
