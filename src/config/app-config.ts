import type { GenerationsYaml } from './generations-yaml.js';
import type { MediaSettings } from './media-env.schema.js';
import type { PriceYaml, RouteYaml } from './yaml.schema.js';

export interface TimeoutSettings {
  connectMs: number;
  /** Until the upstream's response headers arrive (covers slow first tokens). */
  firstByteMs: number;
  totalMs: number;
  /** Longest silence allowed between two body chunks of a stream. */
  idleMs: number;
}

/** What a provider was configured with, before the provider class adds its own defaults. */
export interface ProviderConfig {
  id: string;
  kind?: 'openai-compatible';
  baseUrl?: string;
  apiKeys: string[];
  headers: Record<string, string>;
  timeouts: Partial<TimeoutSettings>;
  maxConcurrency?: number;
  models?: string[];
  description?: string;
}

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  logLevel: string;
  bodyLimitBytes: number;
  sseHeartbeatMs: number;
  dataDir: string;
  databaseUrl: string;
  migrateOnStart: boolean;
  redisUrl?: string;
  adminKey?: string;
  mockEnabled: boolean;
  /** Where the YAML file came from, for messages; undefined when none was read. */
  configFile?: string;
  /** `<P>_API_KEY` / `<P>_BASE_URL` and YAML `providers.<id>`, by provider id. */
  providerConfig(id: string): ProviderConfig;
  /** Providers declared in YAML with `kind: openai-compatible`. */
  yamlProviderIds: string[];
  routes: Record<string, RouteYaml>;
  prices: Record<string, PriceYaml>;
  /** Multimodal limits, generation job timings, webhooks, batches. */
  media: MediaSettings;
  /** YAML `generations:` provider choices per type, by default and per project. */
  generations: GenerationsYaml;
}

/** Nest injection token for AppConfig (an interface has no runtime identity). */
export const APP_CONFIG = Symbol('APP_CONFIG');
