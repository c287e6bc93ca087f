import type { SseStep } from '../script-step.types.js';

/** Data frames with an optional pause between them, then `data: [DONE]` unless `done` is false. */
export function dataFrames(payloads: unknown[], interChunkDelayMs?: number, done = true): SseStep[] {
  const steps: SseStep[] = [];
  for (const [i, data] of payloads.entries()) {
    if (i > 0 && interChunkDelayMs !== undefined) steps.push({ delayMs: interChunkDelayMs });
    steps.push({ data });
  }
  if (done) steps.push({ data: '[DONE]' });
  return steps;
}
