import type { Principal } from '../../keys/principal.js';

/** Typed generation jobs for `generate`, `generation` and `generationUpdates`, served by the generations module (/api/v2/generations). */
export const GENERATIONS = Symbol('GENERATIONS');

export type GenerationKind = 'text' | 'image' | 'tts' | 'video' | 'music';
export type GenerationState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface GenerationView {
  id: string;
  type: GenerationKind;
  status: GenerationState;
  provider: string;
  model: string | null;
  /** 0 to 1. */
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
  /** A sync type (text, image, tts) answers finished; video and music come back running, as jobs. `signal`: the client left. */
  create(principal: Principal, request: GenerationRequest, requestId: string, signal: AbortSignal): Promise<GenerationView>;
  /** Throws not_found when the job does not exist or belongs to another key. */
  getOrThrow(principal: Principal, id: string): Promise<GenerationView>;
  /**
   * The job as it is now, then each change (on any instance) until it
   * succeeds or fails, or `signal` aborts. Ownership is checked first.
   */
  updates(principal: Principal, id: string, signal: AbortSignal): AsyncGenerator<GenerationView>;
}
