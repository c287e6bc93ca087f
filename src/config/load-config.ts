import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parse as parseDotenv } from 'dotenv';
import type { AppConfig, ProviderConfig } from './app-config.js';
import { buildResilienceConfig, type ResilienceConfig } from './resilience-config.js';
import { ConfigError } from './config-error.js';
import { definedFields } from './defined-fields.js';
import { envName } from './env-name.js';
import { EnvSchema, NUMERIC_ENV_KEYS } from './env.schema.js';
import { MediaEnvSchema, mediaEnvSlice, toMediaSettings } from './media-env.schema.js';
import { validateSection } from './validate-section.js';
import { readYamlConfig, type YamlConfig } from './yaml-file.js';

type Env = Record<string, string | undefined>;

function envSlice(env: Env): Record<string, unknown> {
  const known = new EnvSchema() as unknown as Record<string, unknown>;
  const slice: Record<string, unknown> = {};
  for (const key of Object.keys(known).concat(
    'REDIS_URL',
    'SWITCHYARD_ADMIN_KEY',
    'SWITCHYARD_CONFIG',
    'SWITCHYARD_MOCK_PROVIDER',
    'SWITCHYARD_GRAPHQL_INTROSPECTION',
    'SWITCHYARD_GRAPHQL_PLAYGROUND',
    'SWITCHYARD_ENCRYPTION_KEY',
    'SWITCHYARD_INSTANCE_ID',
  )) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    slice[key] = (NUMERIC_ENV_KEYS as string[]).includes(key) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return slice;
}

/** `<P>_BASE_URL` is checked when the provider reads it at boot: a bad one would fail every request later. */
function checkUrl(variable: string, value: string | undefined): void {
  if (!value) return;
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ConfigError(`Invalid configuration: environment variable ${variable} must be an http(s) URL (got ${JSON.stringify(value)})`);
  }
}

function providerConfigFactory(env: Env, yaml: YamlConfig, resilience: ResilienceConfig): (id: string) => ProviderConfig {
  return (id) => {
    const tuned = yaml.providers[id];
    checkUrl(envName(id, 'BASE_URL'), env[envName(id, 'BASE_URL')]);
    const keys = (env[envName(id, 'API_KEY')] ?? tuned?.apiKey ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean);
    return {
      id,
      kind: tuned?.kind,
      baseUrl: env[envName(id, 'BASE_URL')] || tuned?.baseUrl,
      apiKeys: keys,
      headers: tuned?.headers ?? {},
      timeouts: definedFields(tuned?.timeouts),
      keyRecheckMs: resilience.policyFor(id).keys.recheckMs,
      models: tuned?.models,
      description: tuned?.description,
    };
  };
}

/** Values that must never reach a log: upstream keys, the admin key, passwords in connection URLs. */
function secretValues(env: Env, yaml: YamlConfig, schema: EnvSchema): string[] {
  const secrets = Object.entries(env)
    .filter(([name]) => name.endsWith('_API_KEY'))
    .flatMap(([, value]) => (value ?? '').split(','));
  secrets.push(...Object.values(yaml.providers).flatMap((provider) => (provider.apiKey ?? '').split(',')));
  if (schema.SWITCHYARD_ADMIN_KEY) secrets.push(schema.SWITCHYARD_ADMIN_KEY);
  for (const url of [schema.DATABASE_URL, schema.REDIS_URL]) {
    const password = url && /^\w+:\/\/[^:/@]*:([^@]+)@/.exec(url)?.[1];
    if (password) secrets.push(decodeURIComponent(password));
  }
  return [...new Set(secrets.map((secret) => secret.trim()).filter((secret) => secret.length >= 6))];
}

/**
 * Reads the environment (plus `.env`, whose values never override real variables)
 * and the YAML file once; any bad value throws a ConfigError naming it.
 */
export function loadConfig(processEnv: Env = process.env, dotenvPath = '.env'): AppConfig {
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  const env: Env = { ...fromFile, ...processEnv };
  const schema = validateSection(EnvSchema, envSlice(env), 'environment variable');
  const isProduction = schema.NODE_ENV === 'production';
  if (isProduction && !schema.SWITCHYARD_ADMIN_KEY) {
    throw new ConfigError('Invalid configuration: SWITCHYARD_ADMIN_KEY must be set when NODE_ENV=production');
  }
  const media = toMediaSettings(validateSection(MediaEnvSchema, mediaEnvSlice(env), 'environment variable'));
  const yaml = readYamlConfig(schema.SWITCHYARD_CONFIG, env);
  const probeIntervalMs = schema.SWITCHYARD_HEALTH_PROBE_INTERVAL_MS;
  if (probeIntervalMs > 0 && probeIntervalMs < 50) {
    throw new ConfigError(
      `Invalid configuration: environment variable SWITCHYARD_HEALTH_PROBE_INTERVAL_MS must be 0 (off) or at least 50 (got ${probeIntervalMs})`,
    );
  }
  // The classic HF inference API has its own base variable (contract §1).
  if (env.HUGGINGFACE_INFERENCE_URL && !env.HUGGINGFACE_INFERENCE_BASE_URL) {
    checkUrl('HUGGINGFACE_INFERENCE_URL', env.HUGGINGFACE_INFERENCE_URL);
    env.HUGGINGFACE_INFERENCE_BASE_URL = env.HUGGINGFACE_INFERENCE_URL;
  }
  if (!env.HUGGINGFACE_INFERENCE_API_KEY && env.HUGGINGFACE_API_KEY) {
    env.HUGGINGFACE_INFERENCE_API_KEY = env.HUGGINGFACE_API_KEY;
  }
  const yamlProviderIds = Object.entries(yaml.providers)
    .filter(([, provider]) => provider.kind === 'openai-compatible')
    .map(([id]) => id);
  for (const id of yamlProviderIds) {
    if (!yaml.providers[id].baseUrl && !env[envName(id, 'BASE_URL')]) {
      throw new ConfigError(`Invalid configuration: ${yaml.file} providers.${id}.baseUrl is required for kind openai-compatible`);
    }
  }
  const resilience = buildResilienceConfig(yaml.defaults, yaml.providers);
  return {
    nodeEnv: schema.NODE_ENV as AppConfig['nodeEnv'],
    isProduction,
    port: schema.PORT,
    host: schema.HOST,
    logLevel: schema.LOG_LEVEL,
    bodyLimitBytes: schema.SWITCHYARD_BODY_LIMIT_BYTES,
    sseHeartbeatMs: schema.SWITCHYARD_SSE_HEARTBEAT_MS,
    dataDir: schema.SWITCHYARD_DATA_DIR,
    databaseUrl: schema.DATABASE_URL,
    migrateOnStart: schema.SWITCHYARD_MIGRATE_ON_START === 'on',
    redisUrl: schema.REDIS_URL,
    redisPrefix: schema.SWITCHYARD_REDIS_PREFIX,
    adminKey: schema.SWITCHYARD_ADMIN_KEY,
    mockEnabled: schema.SWITCHYARD_MOCK_PROVIDER ? schema.SWITCHYARD_MOCK_PROVIDER === 'on' : !isProduction,
    graphql: {
      introspection: schema.SWITCHYARD_GRAPHQL_INTROSPECTION ? schema.SWITCHYARD_GRAPHQL_INTROSPECTION === 'on' : !isProduction,
      landingPage: schema.SWITCHYARD_GRAPHQL_PLAYGROUND ? schema.SWITCHYARD_GRAPHQL_PLAYGROUND === 'on' : !isProduction,
      maxDepth: schema.SWITCHYARD_GRAPHQL_MAX_DEPTH,
      maxComplexity: schema.SWITCHYARD_GRAPHQL_MAX_COMPLEXITY,
    },
    configFile: yaml.file,
    providerConfig: providerConfigFactory(env, yaml, resilience),
    yamlProviderIds,
    routes: yaml.routes,
    prices: yaml.prices,
    resilience,
    accounting: {
      unknownPrice: yaml.accounting.unknownPrice ?? 'deny',
      defaultMaxTokens: yaml.accounting.defaultMaxTokens ?? 4096,
      priceSync: yaml.accounting.priceSync ?? true,
      limitWindowSeconds: yaml.accounting.limitWindowSeconds ?? 60,
    },
    encryptionKey: schema.SWITCHYARD_ENCRYPTION_KEY,
    media,
    generations: yaml.generations,
    logFormat: schema.SWITCHYARD_LOG_FORMAT as AppConfig['logFormat'],
    instanceId: schema.SWITCHYARD_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    health: {
      probeIntervalMs,
      probeJitterMs: schema.SWITCHYARD_HEALTH_PROBE_JITTER_MS,
      probeTimeoutMs: schema.SWITCHYARD_HEALTH_PROBE_TIMEOUT_MS,
    },
    shutdownTimeoutMs: schema.SWITCHYARD_SHUTDOWN_TIMEOUT_MS,
    secrets: secretValues(env, yaml, schema),
  };
}
