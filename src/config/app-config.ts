import type { ResilienceConfig } from './resilience-config.js';
import type { GenerationsYaml } from './generations-yaml.js';
import type { MediaSettings } from './media-env.schema.js';
import type { PriceYaml, RouteYaml } from './yaml.schema.js';

/** YAML `accounting:` with defaults applied. */
export interface AccountingSettings {
  unknownPrice: 'deny' | 'allow-unpriced';
  defaultMaxTokens: number;
  priceSync: boolean;
  limitWindowSeconds: number;
}

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
  /** How long a key refused with 401/402/403 stays out before it is tried again. */
  keyRecheckMs: number;
  models?: string[];
  description?: string;
}

/** The GraphQL endpoint's protection (contract §7; introspection and the landing page are off in production unless enabled). */
export interface GraphqlSettings {
  introspection: boolean;
  landingPage: boolean;
  /** Deepest selection an operation may have (introspection fields not counted). */
  maxDepth: number;
  /** Highest estimated cost an operation may have (graphql-query-complexity): about the number of values it may return. */
  maxComplexity: number;
}

export interface HealthSettings {
  /** Active probes (model lists, no tokens) every this many ms; 0 turns them off. */
  probeIntervalMs: number;
  /** Up to this much random delay is added to each interval so instances do not probe in step. */
  probeJitterMs: number;
  probeTimeoutMs: number;
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
  /** Prefix of every Redis key and pub/sub channel. */
  redisPrefix: string;
  adminKey?: string;
  mockEnabled: boolean;
  graphql: GraphqlSettings;
  /** Where the YAML file came from, for messages; undefined when none was read. */
  configFile?: string;
  /** `<P>_API_KEY` / `<P>_BASE_URL` and YAML `providers.<id>`, by provider id. */
  providerConfig(id: string): ProviderConfig;
  /** Providers declared in YAML with `kind: openai-compatible`. */
  yamlProviderIds: string[];
  routes: Record<string, RouteYaml>;
  prices: Record<string, PriceYaml>;
  /** Deadlines and per-provider retry, cold-start, circuit, concurrency, rate-limit and key policies. */
  resilience: ResilienceConfig;
  accounting: AccountingSettings;
  /** SWITCHYARD_ENCRYPTION_KEY (32 bytes, base64 or hex) for provider keys stored at rest. */
  encryptionKey?: string;
  /** Multimodal limits, generation job timings, webhooks, batches. */
  media: MediaSettings;
  /** YAML `generations:` provider choices per type, by default and per project. */
  generations: GenerationsYaml;
  /** `auto`: pretty in development on a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** Names this process in health reports and probe locks (hostname-pid unless set). */
  instanceId: string;
  health: HealthSettings;
  /** How long in-flight requests and streams may run after SIGTERM before they are ended. */
  shutdownTimeoutMs: number;
  /** Every configured secret value, for redaction in logs. */
  secrets: readonly string[];
}

/** Nest injection token for AppConfig (an interface has no runtime identity). */
export const APP_CONFIG = Symbol('APP_CONFIG');
