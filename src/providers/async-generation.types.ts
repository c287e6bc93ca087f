import type { ProviderRegistration } from './provider.types.js';
import type { UpstreamBinaryResponse } from './media.types.js';

/** What the gateway asks an async provider to start. */
export interface AsyncJobInput {
  model: string;
  /** The generation's config (prompt, duration, resolution, …) as the client sent it. */
  config: Record<string, unknown>;
  signal: AbortSignal;
}

/** What the gateway keeps (in the database) to poll the job later, possibly from another process. */
export interface AsyncJobRef {
  upstreamId: string;
  state: Record<string, unknown>;
  model: string;
}

export type AsyncJobOutput =
  /** Media the provider hosts (Together's `video_url`). */
  | { kind: 'url'; url: string; contentType?: string }
  /** Media the provider hands over as bytes (Venice retrieve); the gateway stores it. */
  | { kind: 'bytes'; content: UpstreamBinaryResponse };

export type AsyncJobStatus =
  | { status: 'running'; progress?: number; retryAfterMs?: number }
  | { status: 'succeeded'; outputs: AsyncJobOutput[]; costUsd?: number; details?: Record<string, unknown> }
  | { status: 'failed'; code: string; message: string };

/**
 * A provider whose generations run as jobs: create → poll → fetch (the fetch is
 * folded into the poll that sees the job finish). Registered with
 * `@RegisterProvider('video' | 'music' | …, id, {async: true, …})`.
 */
export interface AsyncGenerationProvider {
  readonly id: string;
  readonly registration: ProviderRegistration;
  readonly disabledReason: string | undefined;
  /** Used when neither the request nor the settings name a model. */
  readonly defaultModel?: string;
  /** What the job will be billed by (`{second: 8}`, `{request: 1}`), before the provider reports a cost. */
  units(model: string, config: Record<string, unknown>): Record<string, number>;
  create(input: AsyncJobInput): Promise<Omit<AsyncJobRef, 'model'> & { progress?: number }>;
  poll(job: AsyncJobRef, signal: AbortSignal): Promise<AsyncJobStatus>;
  /** Lets the provider delete its copy once the gateway stored the result (Venice `/…/complete`). */
  release?(job: AsyncJobRef, signal: AbortSignal): Promise<void>;
}

export function isAsyncGenerationProvider(value: unknown): value is AsyncGenerationProvider {
  const candidate = value as Partial<AsyncGenerationProvider> | undefined;
  return typeof candidate?.create === 'function' && typeof candidate.poll === 'function' && typeof candidate.units === 'function';
}
