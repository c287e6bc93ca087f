import { Injectable } from '@nestjs/common';
import type { AsyncJobInput, AsyncJobRef, AsyncJobStatus } from '../async-generation.types.js';
import { AsyncJobProvider } from '../async-job/async-job.provider.js';
import { RegisterProvider } from '../register-provider.decorator.js';

interface VideoJob {
  id?: string;
  status?: string;
  error?: { message?: string; code?: string };
  outputs?: { cost?: number; video_url?: string };
  seconds?: string;
  size?: string;
}

/**
 * Together AI videos: `POST /v2/videos` creates a VideoJob, `GET /v2/videos/{id}`
 * reports `in_progress | completed | failed`, and a completed job carries
 * `outputs.video_url` and `outputs.cost` (together-typescript `src/resources/videos.ts`).
 */
@RegisterProvider('video', 'together-video', {
  description: 'Together AI video generation (Veo, Kling, Seedance, …) as async jobs',
  capabilities: [],
  async: true,
  defaultBaseUrl: 'https://api.together.ai/v2',
  docsUrl: 'https://docs.together.ai/reference/create-videos',
  // Until the job reports `outputs.cost`, a reservation assumes this per second of video.
  flatCostsUsd: { second: 0.1 },
})
@Injectable()
export class TogetherVideoProvider extends AsyncJobProvider {
  override readonly defaultModel = 'google/veo-3.0';
  protected readonly parent = 'together';

  // TOGETHER_BASE_URL points at /v1; videos live beside it at /v2.
  protected override parentBaseUrl(parentBaseUrl: string | undefined): string | undefined {
    return parentBaseUrl?.replace(/\/v1\/*$/, '/v2');
  }

  units(_model: string, config: Record<string, unknown>): Record<string, number> {
    const seconds = Number(config.seconds ?? 5);
    return { second: Number.isFinite(seconds) && seconds > 0 ? seconds : 5 };
  }

  async create(input: AsyncJobInput): Promise<{ upstreamId: string; state: Record<string, unknown> }> {
    const job = (await this.json(
      await this.request('POST', '/videos', { ...input.config, model: input.model }, input.signal),
      input.signal,
    )) as VideoJob;
    if (typeof job.id !== 'string') throw new Error('Together answered a video job without an id');
    return { upstreamId: job.id, state: {} };
  }

  async poll(job: AsyncJobRef, signal: AbortSignal): Promise<AsyncJobStatus> {
    const video = (await this.json(
      await this.request('GET', `/videos/${encodeURIComponent(job.upstreamId)}`, undefined, signal),
      signal,
    )) as VideoJob;
    if (video.status === 'completed' && typeof video.outputs?.video_url === 'string') {
      return {
        status: 'succeeded',
        outputs: [{ kind: 'url', url: video.outputs.video_url, contentType: 'video/mp4' }],
        costUsd: typeof video.outputs.cost === 'number' ? video.outputs.cost : undefined,
        details: { seconds: video.seconds, size: video.size },
      };
    }
    if (video.status === 'failed' || video.status === 'cancelled') {
      return { status: 'failed', code: video.error?.code ?? 'generation_failed', message: video.error?.message ?? 'The video job failed.' };
    }
    return { status: 'running' };
  }
}
