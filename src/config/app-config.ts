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
  /** `auto`: pretty in development on a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** Prefix of every Redis key and channel, so deployments (and test runs) sharing a Redis stay apart. */
  redisPrefix: string;
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
