import { stringify } from 'yaml';
import { FAILING_MODEL } from './fake-upstream.js';

/**
 * The bench gateway's switchyard.yaml: the routes the failover scenarios ask
 * for and the price the accounting scenarios charge. Every provider here is
 * the fake upstream under another id, so each target has its own retry and
 * circuit policy.
 */

/** The model every scenario is served by (the `openai` provider, pointed at the fake by env). */
export const SERVING_MODEL = 'openai/gpt-4o-mini';
/** USD per 1M tokens for SERVING_MODEL, as in switchyard.example.yaml. */
export const SERVING_PRICE = { input: 0.15, output: 0.6 };

/** The first target answers; the failing one after it is never tried. */
export const FIRST_TARGET_ROUTE = 'bench-first-target';
/** The first target answers 503 and its circuit stays closed: every request makes the hop. */
export const HOP_ROUTE = 'bench-failover-hop';
/** The first target answers 503 once, which opens its circuit: later requests skip it. */
export const OPEN_CIRCUIT_ROUTE = 'bench-open-circuit';

/**
 * One try per target, so a failure fails over at once. The default (3 tries,
 * full-jitter backoff of 0-250 ms then 0-500 ms) would measure those sleeps.
 */
const SINGLE_TRY = { maxAttempts: 1 };

export function benchConfigYaml(upstreamUrl: string): string {
  const fake = { kind: 'openai-compatible', baseUrl: `${upstreamUrl}/v1`, apiKey: 'bench', retry: SINGLE_TRY };
  return stringify({
    providers: {
      // A closed circuit keeps (and copies on each failure) every failure within windowMs, up to the threshold:
      // with a 30 s window this threshold would measure a list of thousands. 1 ms keeps it as short as the
      // default threshold of 5 would, and no number of failures opens the circuit.
      failing: { ...fake, circuit: { failureThreshold: 1_000_000_000, windowMs: 1 } },
      tripped: { ...fake, circuit: { failureThreshold: 1, cooldownMs: 3_600_000 } },
    },
    routes: {
      [FIRST_TARGET_ROUTE]: { strategy: 'failover', targets: [SERVING_MODEL, `failing/${FAILING_MODEL}`] },
      [HOP_ROUTE]: { strategy: 'failover', targets: [`failing/${FAILING_MODEL}`, SERVING_MODEL] },
      [OPEN_CIRCUIT_ROUTE]: { strategy: 'failover', targets: [`tripped/${FAILING_MODEL}`, SERVING_MODEL] },
    },
    prices: { [SERVING_MODEL]: SERVING_PRICE },
  });
}
