import { definedFields } from './defined-fields.js';
import type { DefaultsYaml, PolicyYaml, ProviderYaml } from './yaml.schema.js';

export interface RetryPolicy {
  /** Tries against one target, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  jitter: 'full' | 'none';
}

export interface ColdStartPolicy {
  maxWaitMs: number;
  retryDelayMs: number;
}

export interface CircuitPolicy {
  failureThreshold: number;
  windowMs: number;
  cooldownMs: number;
  halfOpenProbes: number;
}

export interface ConcurrencyPolicy {
  /** Undefined: no limit. */
  limit?: number;
  maxQueue: number;
  queueTimeoutMs: number;
}

export interface RateLimitPolicy {
  maxWaitMs: number;
  defaultRestMs: number;
}

export interface KeyPolicy {
  recheckMs: number;
}

/** How the gateway treats one provider's failures, limits and keys. */
export interface ProviderPolicy {
  retry: RetryPolicy;
  coldStart: ColdStartPolicy;
  circuit: CircuitPolicy;
  concurrency: ConcurrencyPolicy;
  rateLimit: RateLimitPolicy;
  keys: KeyPolicy;
}

export interface ResilienceConfig {
  deadlineMs: number;
  maxDeadlineMs: number;
  /** The policy of provider `id`: built-in defaults, then YAML `defaults`, then `providers.<id>`. */
  policyFor(id: string): ProviderPolicy;
}

export const BUILT_IN_POLICY: ProviderPolicy = {
  retry: { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 60_000, jitter: 'full' },
  // Featherless models take ~5 min to ~1 h to warm (PROVIDERS.md §4); HF sends its own estimate.
  coldStart: { maxWaitMs: 120_000, retryDelayMs: 10_000 },
  circuit: { failureThreshold: 5, windowMs: 30_000, cooldownMs: 30_000, halfOpenProbes: 1 },
  concurrency: { maxQueue: 64, queueTimeoutMs: 30_000 },
  rateLimit: { maxWaitMs: 2_000, defaultRestMs: 1_000 },
  keys: { recheckMs: 10 * 60_000 },
};

export const DEFAULT_DEADLINE_MS = 300_000;
export const DEFAULT_MAX_DEADLINE_MS = 900_000;

/** Layers a YAML policy over a resolved one, section by section. */
export function mergePolicy(base: ProviderPolicy, over: PolicyYaml | undefined): ProviderPolicy {
  return {
    retry: { ...base.retry, ...definedFields(over?.retry) },
    coldStart: { ...base.coldStart, ...definedFields(over?.coldStart) },
    circuit: { ...base.circuit, ...definedFields(over?.circuit) },
    concurrency: { ...base.concurrency, ...definedFields(over?.concurrency) },
    rateLimit: { ...base.rateLimit, ...definedFields(over?.rateLimit) },
    keys: { ...base.keys, ...definedFields(over?.keys) },
  };
}

export function buildResilienceConfig(defaults: DefaultsYaml | undefined, providers: Record<string, ProviderYaml>): ResilienceConfig {
  const base = mergePolicy(BUILT_IN_POLICY, defaults);
  const cache = new Map<string, ProviderPolicy>();
  return {
    deadlineMs: defaults?.deadlineMs ?? DEFAULT_DEADLINE_MS,
    maxDeadlineMs: Math.max(defaults?.maxDeadlineMs ?? DEFAULT_MAX_DEADLINE_MS, defaults?.deadlineMs ?? 0),
    policyFor(id) {
      let policy = cache.get(id);
      if (!policy) {
        const tuned = providers[id];
        policy = mergePolicy(base, tuned);
        if (tuned?.maxConcurrency !== undefined && tuned.concurrency?.limit === undefined) {
          policy.concurrency.limit = tuned.maxConcurrency;
        }
        cache.set(id, policy);
      }
      return policy;
    },
  };
}
