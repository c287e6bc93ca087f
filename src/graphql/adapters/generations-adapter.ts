import { Injectable } from '@nestjs/common';
import { GenerationEvents } from '../../generations/generation-events.service.js';
import { FINISHED, type GenerationView as JobView } from '../../generations/generation.types.js';
import { GenerationsService } from '../../generations/generations.service.js';
import type { Principal } from '../../keys/principal.js';
import type { GenerationRequest, Generations, GenerationView } from '../ports/generations.port.js';

function view(job: JobView): GenerationView {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    provider: job.provider,
    model: job.model,
    // The REST view counts percent; GraphQL's field is a fraction.
    progress: job.progress / 100,
    result: job.result,
    error: job.error,
    costMicroUsd: job.costUsd === null ? null : Math.round(job.costUsd * 1e6),
    createdAtMs: Date.parse(job.createdAt),
    updatedAtMs: Date.parse(job.updatedAt),
  };
}

/** The GraphQL generation operations over GenerationsService (as /api/v2/generations) and GenerationEvents. */
@Injectable()
export class GenerationsAdapter implements Generations {
  constructor(
    private readonly generations: GenerationsService,
    private readonly events: GenerationEvents,
  ) {}

  async create(principal: Principal, request: GenerationRequest, requestId: string, signal: AbortSignal): Promise<GenerationView> {
    const outcome = await this.generations.create({ principal, requestId, signal }, request);
    return view(outcome.generation);
  }

  async getOrThrow(principal: Principal, id: string): Promise<GenerationView> {
    return view(await this.generations.get(principal, id));
  }

  async *updates(principal: Principal, id: string, signal: AbortSignal): AsyncGenerator<GenerationView> {
    const stop = new AbortController();
    const abort = (): void => stop.abort();
    signal.addEventListener('abort', abort, { once: true });
    const stream = this.events.updates(id, stop.signal);
    // Asking for the first update subscribes at once: no change falls between that and reading the state.
    const pending = stream.next();
    try {
      const current = await this.generations.get(principal, id);
      yield view(current);
      if (FINISHED.includes(current.status)) return;
      for (let next = await pending; !next.done; next = await stream.next()) {
        // An update published before the state was read may arrive after it: skip what is older.
        if (Date.parse(next.value.generation.updatedAt) < Date.parse(current.updatedAt)) continue;
        yield view(next.value.generation);
      }
    } finally {
      signal.removeEventListener('abort', abort);
      // Ends the event stream (its pending wait included) whichever way this one ended.
      stop.abort();
      await pending.catch(() => undefined);
    }
  }
}
