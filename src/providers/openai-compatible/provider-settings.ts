import type { ProviderConfig, TimeoutSettings } from '../../config/app-config.js';
import { KeyPool } from '../../upstream/key-pool.js';

export interface ProviderSettings {
  id: string;
  /** Without a trailing slash; paths like `/chat/completions` are appended. */
  baseUrl: string;
  keys: KeyPool;
  /** A provider that needs no key (a local vLLM) sends no Authorization header. */
  keyRequired: boolean;
  headers: Record<string, string>;
  timeouts: TimeoutSettings;
  staticModels?: string[];
  description?: string;
}

export const DEFAULT_TIMEOUTS: TimeoutSettings = {
  connectMs: 5_000,
  // Non-streaming responses send headers only after the whole generation.
  firstByteMs: 120_000,
  // Long reasoning streams can run for minutes.
  totalMs: 600_000,
  idleMs: 60_000,
};

export function buildSettings(config: ProviderConfig, defaultBaseUrl: string | undefined, keyRequired: boolean): ProviderSettings {
  return {
    id: config.id,
    baseUrl: (config.baseUrl ?? defaultBaseUrl ?? '').replace(/\/+$/, ''),
    keys: new KeyPool(config.apiKeys, config.id, config.keyRecheckMs),
    keyRequired,
    headers: config.headers,
    timeouts: { ...DEFAULT_TIMEOUTS, ...config.timeouts },
    staticModels: config.models,
    description: config.description,
  };
}
