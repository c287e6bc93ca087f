import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import { GenerationEvents, type GenerationUpdate } from './generation-events.service.js';
import type { GenerationStatus, GenerationView } from './generation.types.js';

function view(id: string, status: GenerationStatus, progress: number): GenerationView {
  const at = new Date(0).toISOString();
  return {
    id,
    object: 'generation',
    type: 'video',
    status,
    async: true,
    provider: 'together-video',
    model: 'm',
    progress,
    result: null,
    error: null,
    costUsd: null,
    createdAt: at,
    updatedAt: at,
    completedAt: null,
  };
}

async function collect(iterator: AsyncIterable<GenerationUpdate>): Promise<Array<[string, number]>> {
  const seen: Array<[string, number]> = [];
  for await (const update of iterator) seen.push([update.generation.status, update.generation.progress]);
  return seen;
}

const redisFor = (redisUrl?: string): RedisService => new RedisService({ redisUrl } as AppConfig);

describe('GenerationEvents', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('delivers the updates of one generation until it finishes', async () => {
    const events = new GenerationEvents(redisFor());
    await events.onModuleInit();
    const updates = collect(events.updates('gen_a'));
    await Promise.resolve();

    events.publish(view('gen_b', 'running', 10));
    events.publish(view('gen_a', 'running', 40));
    events.publish(view('gen_a', 'succeeded', 100));
    events.publish(view('gen_a', 'running', 1));

    expect(await updates).toEqual([
      ['running', 40],
      ['succeeded', 100],
    ]);
  });

  it('stops when the subscriber aborts, and lets listeners unsubscribe', async () => {
    const events = new GenerationEvents(redisFor());
    const abort = new AbortController();
    const updates = collect(events.updates('gen_c', abort.signal));
    const seen: number[] = [];
    const unsubscribe = events.subscribe('gen_c', (update) => seen.push(update.generation.progress));
    await Promise.resolve();

    events.publish(view('gen_c', 'running', 5));
    unsubscribe();
    events.publish(view('gen_c', 'running', 6));
    abort.abort();

    expect(await updates).toEqual([
      ['running', 5],
      ['running', 6],
    ]);
    expect(seen).toEqual([5]);
  });

  it('carries updates between instances over Redis', async () => {
    const [redisA, redisB] = [redisFor('redis://127.0.0.1:6379'), redisFor('redis://127.0.0.1:6379')];
    const [a, b] = [new GenerationEvents(redisA), new GenerationEvents(redisB)];
    await Promise.all([a.onModuleInit(), b.onModuleInit()]);
    cleanups.push(async () => {
      await Promise.all([a.onApplicationShutdown(), b.onApplicationShutdown()]);
      await Promise.all([redisA.onApplicationShutdown(), redisB.onApplicationShutdown()]);
    });
    const id = `gen_${randomUUID()}`;
    const onB = collect(b.updates(id));
    await Promise.resolve();

    a.publish(view(id, 'running', 30));
    a.publish(view(id, 'failed', 30));

    expect(await onB).toEqual([
      ['running', 30],
      ['failed', 30],
    ]);
  });
});
