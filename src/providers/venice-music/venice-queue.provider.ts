import { Injectable } from '@nestjs/common';
import type { AsyncJobInput, AsyncJobRef, AsyncJobStatus } from '../async-generation.types.js';
import { AsyncJobProvider } from '../async-job/async-job.provider.js';

/**
 * Venice's media queue (docs: guides/media): `POST /{kind}/queue` answers a
 * `queue_id`; `POST /{kind}/retrieve {model, queue_id}` answers JSON
 * `{status: "PROCESSING", average_execution_time, execution_duration}` (ms)
 * until it answers the media bytes themselves (or JSON `COMPLETED` with a
 * `download_url`); `POST /{kind}/complete` deletes Venice's copy.
 */
@Injectable()
export abstract class VeniceQueueProvider extends AsyncJobProvider {
  protected readonly parent = 'venice';
  protected abstract readonly kind: 'audio' | 'video';

  // Same API root as chat.
  protected override parentBaseUrl(parentBaseUrl: string | undefined): string | undefined {
    return parentBaseUrl;
  }

  async create(input: AsyncJobInput): Promise<{ upstreamId: string; state: Record<string, unknown> }> {
    const queued = await this.json(
      await this.request('POST', `/${this.kind}/queue`, { ...input.config, model: input.model }, input.signal),
      input.signal,
    );
    if (typeof queued.queue_id !== 'string') throw new Error('Venice answered a queue request without a queue_id');
    // Venice echoes the model it queued on; retrieve must name the same one.
    return { upstreamId: queued.queue_id, state: { model: typeof queued.model === 'string' ? queued.model : input.model } };
  }

  async poll(job: AsyncJobRef, signal: AbortSignal): Promise<AsyncJobStatus> {
    const exchange = await this.request('POST', `/${this.kind}/retrieve`, this.ref(job), signal);
    const type = String(exchange.res.headers['content-type'] ?? '');
    if (exchange.res.statusCode < 400 && !type.includes('json')) {
      const length = Number(exchange.res.headers['content-length']);
      return {
        status: 'succeeded',
        outputs: [
          {
            kind: 'bytes',
            content: { contentType: type || this.fallbackType(), body: exchange.res.body, contentLength: length > 0 ? length : undefined },
          },
        ],
      };
    }
    const body = await this.json(exchange, signal);
    const status = String(body.status ?? '').toUpperCase();
    if (status === 'COMPLETED' && typeof body.download_url === 'string') {
      return { status: 'succeeded', outputs: [{ kind: 'url', url: body.download_url, contentType: this.fallbackType() }] };
    }
    if (status === 'FAILED' || status === 'ERROR') {
      return {
        status: 'failed',
        code: 'generation_failed',
        message: typeof body.error === 'string' ? body.error : 'The Venice job failed.',
      };
    }
    const average = Number(body.average_execution_time);
    const elapsed = Number(body.execution_duration);
    if (!(average > 0) || !(elapsed >= 0)) return { status: 'running' };
    return {
      status: 'running',
      progress: Math.min(99, Math.floor((elapsed / average) * 100)),
      retryAfterMs: Math.max(0, average - elapsed),
    };
  }

  async release(job: AsyncJobRef, signal: AbortSignal): Promise<void> {
    const exchange = await this.request('POST', `/${this.kind}/complete`, this.ref(job), signal);
    await exchange.res.body.dump();
  }

  protected abstract fallbackType(): string;

  private ref(job: AsyncJobRef): Record<string, unknown> {
    return { model: typeof job.state.model === 'string' ? job.state.model : job.model, queue_id: job.upstreamId };
  }
}
