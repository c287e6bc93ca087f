import { describe, expect, it } from '@jest/globals';
import { PubSub } from 'graphql-subscriptions';
import { cancellable, MAX_QUEUED_EVENTS, topicEvents } from './iterators.js';

describe('topicEvents', () => {
  it('is subscribed once resolved, maps and filters, and unsubscribes on return() even while waiting', async () => {
    const pubSub = new PubSub();
    const events = await topicEvents(pubSub, 't', (n: number) => (n % 2 === 0 ? `even ${n}` : undefined));
    await pubSub.publish('t', 1);
    await pubSub.publish('t', 2);
    expect(await events.next()).toEqual({ done: false, value: 'even 2' });
    const waiting = events.next();
    await events.return?.();
    expect(await waiting).toEqual({ done: true, value: undefined });
    await pubSub.publish('t', 4);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('sends the first state before published events and ends after the last one', async () => {
    const pubSub = new PubSub();
    const events = await topicEvents(pubSub, 't', (s: string) => s, { first: async () => 'running', last: (s) => s === 'done' });
    await pubSub.publish('t', 'done');
    await pubSub.publish('t', 'after');
    const seen: string[] = [];
    for await (const value of events) seen.push(value);
    expect(seen).toEqual(['running', 'done']);
  });

  it('unsubscribes when the first state cannot be read', async () => {
    const pubSub = new PubSub();
    await expect(topicEvents(pubSub, 't', (s: string) => s, { first: () => Promise.reject(new Error('not found')) })).rejects.toThrow(
      'not found',
    );
  });

  it('keeps at most MAX_QUEUED_EVENTS for a slow subscriber, dropping the oldest', async () => {
    const pubSub = new PubSub();
    const events = await topicEvents(pubSub, 't', (n: number) => n);
    for (let i = 0; i <= MAX_QUEUED_EVENTS; i++) await pubSub.publish('t', i);
    expect(await events.next()).toEqual({ done: false, value: 1 });
  });
});

describe('cancellable', () => {
  it('runs onCancel and answers return() at once while the source is still waiting', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let cleaned = false;
    async function* source(): AsyncGenerator<number> {
      try {
        yield 1;
        await gate;
        yield 2;
      } finally {
        cleaned = true;
      }
    }
    let cancelled = 0;
    const events = cancellable(source(), () => {
      cancelled++;
      release();
    });
    expect(await events.next()).toEqual({ done: false, value: 1 });
    const pending = events.next();
    expect(await events.return?.()).toEqual({ done: true, value: undefined });
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(cancelled).toBe(1);
    await events.return?.();
    expect(cancelled).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(cleaned).toBe(true);
  });

  it('does not cancel a source that finished', async () => {
    async function* source(): AsyncGenerator<number> {
      yield 1;
    }
    let cancelled = false;
    const events = cancellable(source(), () => (cancelled = true));
    expect(await events.next()).toEqual({ done: false, value: 1 });
    expect(await events.next()).toEqual({ done: true, value: undefined });
    await events.return?.();
    expect(cancelled).toBe(false);
  });
});
