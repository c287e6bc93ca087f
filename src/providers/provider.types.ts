import type { KeyPool, LeasedKey } from '../upstream/key-pool.js';
import type { RateLimitSnapshot } from '../upstream/rate-limit-headers.js';
import type { ClientSignal } from '../routing/client-signal.js';
import type { FileUploadCall, ImageCall, ImageResponse, SpeechCall, UpstreamBinaryResponse } from './media.types.js';
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
  /** `file` content parts (PDFs) in chat. */
  | 'files'
  /** `input_audio` content parts in chat. */
  | 'audio_input'
  /** POST /v1/files uploads. */
  | 'file_upload'
  /** POST /v1/images/generations. */
  | 'images'
  /** POST /v1/audio/speech. */
  | 'speech'
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
  /**
   * Model capabilities (`vision`, `file`, `audio`) the provider's model list states for
   * every model: a listed model without one of them cannot take that input.
   */
  listedCapabilities?: string[];
}

export interface ProviderRegistration {
  type: ProviderType;
  id: string;
  metadata: ProviderMetadata;
}

export type TextOperation = 'chat' | 'completions' | 'embeddings';

/** What a request through the gateway does: a text operation or a media one (images, speech). */
export type GatewayOperation = TextOperation | 'images' | 'speech';

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
  /** The attempt's deadline (client abort or time up); `asAbortSignal` where an API takes only an AbortSignal. */
  signal: ClientSignal;
  requestId: string;
  /** The key routing chose from the provider's pool; the provider leases one itself when unset. */
  key?: LeasedKey;
}

export interface UpstreamJsonResponse {
  status: number;
  json: unknown;
  keyAlias?: string;
  /** The response's rate-limit headers, for routing to rest a key before it is refused. */
  rateLimit?: RateLimitSnapshot;
}

export interface UpstreamStreamResponse {
  events: AsyncIterable<StreamEvent>;
  keyAlias?: string;
  rateLimit?: RateLimitSnapshot;
}

/** Everything routing needs from a provider that serves chat, completions or embeddings. */
export interface TextProvider {
  readonly id: string;
  readonly registration: ProviderRegistration;
  /** Why the provider cannot serve requests (no key configured); undefined when enabled. */
  readonly disabledReason: string | undefined;
  /** Upstream keys, when the provider uses any: routing leases, rests and takes them out. */
  readonly keyPool?: KeyPool;
  supports(operation: TextOperation): boolean;
  send(call: UpstreamCall): Promise<UpstreamJsonResponse>;
  open(call: UpstreamCall): Promise<UpstreamStreamResponse>;
  listModels(signal: AbortSignal): Promise<ModelInfo[]>;
  /** Rewrites a parsed stream chunk in place for a vendor quirk; returns true if it changed. */
  normaliseChunk?(chunk: Record<string, unknown>): boolean;
  /** POST /v1/images/generations, for providers with the `images` capability. */
  generateImage?(call: ImageCall): Promise<ImageResponse>;
  /** POST /v1/audio/speech (binary audio), for providers with the `speech` capability. */
  speech?(call: SpeechCall): Promise<UpstreamBinaryResponse>;
  /** POST /v1/files (multipart, streamed), for providers with the `file_upload` capability. */
  uploadFile?(call: FileUploadCall): Promise<UpstreamJsonResponse>;
}
