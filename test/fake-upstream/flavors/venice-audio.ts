import type { BodyStep, JsonStep } from '../script-step.types.js';

/** Venice music: `POST /audio/queue`, then `POST /audio/retrieve` until it returns bytes (PROVIDERS.md §7). */

export function queued(o: { model?: string; queueId?: string } = {}): JsonStep {
  return { json: { model: o.model ?? 'stable-audio-fake', queue_id: o.queueId ?? 'queue-fake-1', status: 'QUEUED' } };
}

/** Retrieve answers JSON while the job runs; both times are milliseconds. */
export function processing(o: { averageMs?: number; elapsedMs?: number } = {}): JsonStep {
  return { json: { status: 'PROCESSING', average_execution_time: o.averageMs ?? 30_000, execution_duration: o.elapsedMs ?? 1000 } };
}

/** The finished retrieve is the media itself, not JSON. */
export function audio(bytes: Buffer, contentType = 'audio/mpeg'): BodyStep {
  return { headers: { 'content-type': contentType }, body: bytes };
}
