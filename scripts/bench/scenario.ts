import type { AdminApi } from './admin-api.js';
import type { Phase, RequestSpec, Target } from './load.js';
import type { ReportRow } from './report.js';

/** What every scenario gets: the targets of the same workload and the time budget. */
export interface BenchContext {
  direct: Target;
  gateway: Target;
  /** A bare Node reverse proxy in front of the same upstream (reference-proxy.ts). */
  reference: Target;
  /** Mints the extra keys a scenario needs (with credits, say) and reads their balances. */
  admin: AdminApi;
  warmupMs: number;
  measureMs: number;
}

export interface ScenarioResult {
  rows: ReportRow[];
  /** One line for the progress log. */
  summary: string;
}

/** One measured situation; each measures its targets (direct and gateway, or two gateway situations) itself. */
export interface Scenario {
  name: string;
  /** Measured windows (each with its warm-up), for the run's time bound; 2 unless said. */
  windows?: number;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

const CHAT_PATH = '/v1/chat/completions';
const MESSAGES = [
  { role: 'system', content: 'You are a terse assistant.' },
  { role: 'user', content: 'Say something about foxes and dogs.' },
];

/** The bench's chat request for `model`; `extra` adds fields such as `stream`. */
export function chatRequest(model: string, extra: Record<string, unknown> = {}): RequestSpec {
  return { path: CHAT_PATH, body: JSON.stringify({ model, messages: MESSAGES, ...extra }) };
}

export function phase(ctx: BenchContext, connections: number): Phase {
  return { connections, warmupMs: ctx.warmupMs, measureMs: ctx.measureMs };
}

/** The gateway target with another client key. */
export function withKey(gateway: Target, key: string): Target {
  return { ...gateway, headers: { ...gateway.headers, authorization: `Bearer ${key}` } };
}

/** CPU time of the serving process per request: the fake upstream (direct), or the gateway or the reference proxy. */
export function cpuRow(scenario: string, direct: number, gateway: number): ReportRow {
  return { scenario, metric: 'server CPU per request', unit: 'ms', direct, gateway, comparison: 'none' };
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
