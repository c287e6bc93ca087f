import type { KeyPool } from '../upstream/key-pool.js';
import type { StreamEvent } from './openai-compatible/sse-events.js';

/** What a provider generates; text providers serve the OpenAI-compatible routes. */
export type ProviderType = 'text' | 'image' | 'tts' | 'video' | 'music';

export type Capability =
  | 'chat'
  | 'completions'
  | 'embeddings'
  | 'streaming'
  | 'tools'
  | 'json_schema'
  | 'vision'
  | 'files'
  | 'model_list'
  | 'summarization'
  | 'text_generation';

export interface ProviderMetadata {
  description: string;
  capabilities: Capability[];
  /** Public base URL; `<P>_BASE_URL` always overrides it. */
  defaultBaseUrl?: string;
  docsUrl?: string;
  /** Flat unit costs in USD, where the provider charges that way (per request, per image, ...). */
  flatCostsUsd?: Record<string, number>;
  /** Generation happens as a job (create, poll, fetch) rather than in one call. */
  async?: boolean;
}

export interface ProviderRegistration {
  type: ProviderType;
  id: string;
  metadata: ProviderMetadata;
}

export type TextOperation = 'chat' | 'completions' | 'embeddings';

export interface ModelPricing {
  inputPerMTokUsd?: number;
  outputPerMTokUsd?: number;
  requestUsd?: number;
  imageUsd?: number;
}

export interface ModelInfo {
  /** The upstream's own id, without the provider prefix. */
  id: string;
  provider: string;
  created?: number;
  ownedBy?: string;
  contextLength?: number;
  capabilities?: string[];
  pricing?: ModelPricing;
}

export interface UpstreamCall {
  operation: TextOperation;
  /** The client's body with `model` already set to the upstream id. */
  body: Record<string, unknown>;
  signal: AbortSignal;
  requestId: string;
}

export interface UpstreamJsonResponse {
  status: number;
  json: unknown;
  keyAlias?: string;
}

export interface UpstreamStreamResponse {
  events: AsyncIterable<StreamEvent>;
  keyAlias?: string;
}

/** Everything routing needs from a provider that serves chat, completions or embeddings. */
export interface TextProvider {
  readonly id: string;
  readonly registration: ProviderRegistration;
  /** Why the provider cannot serve requests (no key configured); undefined when enabled. */
  readonly disabledReason: string | undefined;
  /** The upstream keys it rotates through; absent for providers without keys (mock). */
  readonly keyPool?: KeyPool;
  supports(operation: TextOperation): boolean;
  send(call: UpstreamCall): Promise<UpstreamJsonResponse>;
  open(call: UpstreamCall): Promise<UpstreamStreamResponse>;
  listModels(signal: AbortSignal): Promise<ModelInfo[]>;
  /** Rewrites a parsed stream chunk in place for a vendor quirk; returns true if it changed. */
  normaliseChunk?(chunk: Record<string, unknown>): boolean;
}
