import { InvalidRequestError } from '../../errors/gateway-error.js';

/** Per-request failure modes, sent as `"mock": {...}` in the body (demos and load tests). */
export interface MockOptions {
  /** Fail before any output with this upstream HTTP status (429, 500, 503, ...). */
  status?: number;
  /** Streams: fail after this many content chunks. */
  failAfterChunks?: number;
  /** Wait before the first output. */
  delayMs?: number;
  /** Streams: wait between chunks. */
  chunkDelayMs?: number;
}

const MAX_DELAY_MS = 60_000;

function int(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidRequestError(`mock.${name} must be an integer from ${min} to ${max}`, `mock.${name}`);
  }
  return value;
}

export function readMockOptions(raw: unknown): MockOptions {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null) throw new InvalidRequestError('mock must be an object', 'mock');
  const o = raw as Record<string, unknown>;
  return {
    status: int(o.status, 'status', 400, 599),
    failAfterChunks: int(o.failAfterChunks, 'failAfterChunks', 0, 100_000),
    delayMs: int(o.delayMs, 'delayMs', 0, MAX_DELAY_MS),
    chunkDelayMs: int(o.chunkDelayMs, 'chunkDelayMs', 0, MAX_DELAY_MS),
  };
}
