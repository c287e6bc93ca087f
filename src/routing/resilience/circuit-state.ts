import type { CircuitPolicy } from '../../config/resilience-config.js';

/**
 * One provider+model circuit. Closed: failures are counted within a sliding
 * window and only crossing the threshold opens it (one error never does).
 * Open: requests are refused until `openUntil`. Half-open (after that): up to
 * `halfOpenProbes` requests go through; a success closes, a failure reopens.
 */
export interface CircuitState {
  /** Epoch ms of recent failures while closed. */
  failures: number[];
  /** 0 while closed; else when the cooldown ends. */
  openUntil: number;
  /** Probes in flight while half-open. */
  probes: number;
}

/** What a request may do: go through normally, go through as a half-open probe, or not at all. */
export type Admission = 'closed' | 'probe' | 'open';

export const CLOSED: CircuitState = Object.freeze({ failures: [], openUntil: 0, probes: 0 }) as CircuitState;

export function admit(state: CircuitState, now: number, policy: CircuitPolicy): { admission: Admission; state: CircuitState } {
  if (state.openUntil === 0) return { admission: 'closed', state };
  if (now < state.openUntil || state.probes >= policy.halfOpenProbes) return { admission: 'open', state };
  return { admission: 'probe', state: { ...state, probes: state.probes + 1 } };
}

export function onSuccess(state: CircuitState, admission: Admission): CircuitState {
  return admission === 'probe' ? CLOSED : state;
}

export function onFailure(state: CircuitState, admission: Admission, now: number, policy: CircuitPolicy): CircuitState {
  if (admission === 'probe') return { failures: [], openUntil: now + policy.cooldownMs, probes: 0 };
  // Requests admitted before the circuit opened change nothing once it is open.
  if (state.openUntil !== 0) return state;
  const failures = [...state.failures.filter((at) => at > now - policy.windowMs), now];
  if (failures.length >= policy.failureThreshold) return { failures: [], openUntil: now + policy.cooldownMs, probes: 0 };
  return { ...state, failures };
}

/** A probe whose outcome says nothing about health (a 400, the client leaving) frees its slot. */
export function onNeutral(state: CircuitState, admission: Admission): CircuitState {
  return admission === 'probe' ? { ...state, probes: Math.max(0, state.probes - 1) } : state;
}

/** Whether a request now would be refused (for ordering candidates, without admitting one). */
export function isOpen(state: CircuitState, now: number, policy: CircuitPolicy): boolean {
  return state.openUntil !== 0 && (now < state.openUntil || state.probes >= policy.halfOpenProbes);
}
