import type { JsonStep } from '../script-step.types.js';
import { FAKE_CREATED } from './chat-chunks.js';

/** Together `POST /v2/videos` and `GET /v2/videos/{id}` both answer with a VideoJob (PROVIDERS.md §7). */

export interface VideoJobSpec {
  id?: string;
  model?: string;
  seconds?: string;
  size?: string;
}

function job(o: VideoJobSpec, status: 'in_progress' | 'completed' | 'failed', extra: Record<string, unknown> = {}): JsonStep {
  const json = {
    id: o.id ?? 'video-fake-1',
    object: 'video',
    model: o.model ?? 'google/veo-3.0',
    created_at: FAKE_CREATED,
    status,
    seconds: o.seconds ?? '5',
    size: o.size ?? '1280x720',
    ...extra,
  };
  return { json };
}

/** The create response; polls keep answering this until the job settles. */
export function inProgress(o: VideoJobSpec = {}): JsonStep {
  return job(o, 'in_progress');
}

export function completed(o: VideoJobSpec & { videoUrl?: string; cost?: number } = {}): JsonStep {
  const outputs = { cost: o.cost ?? 0.5, video_url: o.videoUrl ?? 'https://cdn.together.fake/video-fake-1.mp4' };
  return job(o, 'completed', { completed_at: FAKE_CREATED + 60, outputs });
}

export function failed(o: VideoJobSpec & { message?: string; code?: string } = {}): JsonStep {
  return job(o, 'failed', { error: { message: o.message ?? 'generation failed', code: o.code ?? 'generation_failed' } });
}
