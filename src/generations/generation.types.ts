import type { GenerationType } from '../config/generations-yaml.js';

export { GENERATION_TYPES, type GenerationType } from '../config/generations-yaml.js';

export type GenerationStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export const FINISHED: readonly GenerationStatus[] = ['succeeded', 'failed'];

/** What a client asks for (REST body, GraphQL `generate(input)`). */
export interface GenerationInput {
  type: GenerationType;
  /** A provider id of that type; else the key's project setting, the default, or the only one enabled. */
  provider?: string;
  /** The model; `"<provider>/<model>"` also names the provider. */
  model?: string;
  /** What to generate: a chat body for text, an OpenAI images/speech body, a provider's video/music fields. */
  config: Record<string, unknown>;
  /** Progress and the outcome are POSTed here, signed (x-switchyard-signature). */
  webhookUrl?: string;
}

/** The public shape of a generation (REST, GraphQL, webhooks, events). */
export interface GenerationView {
  id: string;
  object: 'generation';
  type: GenerationType;
  status: GenerationStatus;
  async: boolean;
  provider: string;
  model: string | null;
  progress: number;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  costUsd: number | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}
