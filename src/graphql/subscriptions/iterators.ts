import type { PubSubEngine } from 'graphql-subscriptions';

const DONE = { done: true, value: undefined } as IteratorReturnResult<undefined>;

/** Events a slow subscriber may fall behind by; older ones are dropped rather than growing memory. */
export const MAX_QUEUED_EVENTS = 1000;

export interface TopicOptions<T> {
  /** Read once subscribed and sent before any published event (a job's current state); throwing unsubscribes. */
  first?(): Promise<T>;
  /** Ends the subscription after this event (a job that finished). */
  last?(event: T): boolean;
}

/**
 * A subscription to a pub/sub topic, resolved once the engine has subscribed
 * (with Redis, once SUBSCRIBE is acknowledged), so nothing published after the
 * operation started is missed. Events `map` returns undefined for are skipped.
 * `return()` unsubscribes at once, even while a `next()` waits on a quiet topic.
 */
export async function topicEvents<S, T>(
  pubSub: PubSubEngine,
  topic: string,
  map: (event: S) => T | undefined,
  options: TopicOptions<T> = {},
): Promise<AsyncIterableIterator<T>> {
  const queue: T[] = [];
  const waiting: Array<(result: IteratorResult<T>) => void> = [];
  let ended = false;
  const end = (): IteratorResult<T> => {
    if (!ended) {
      ended = true;
      pubSub.unsubscribe(id);
      for (const resolve of waiting.splice(0)) resolve(DONE);
    }
    return DONE;
  };
  const push = (value: T): void => {
    if (ended) return;
    const resolve = waiting.shift();
    if (resolve) resolve({ done: false, value });
    else if (queue.push(value) > MAX_QUEUED_EVENTS) queue.shift();
  };
  const id = await pubSub.subscribe(
    topic,
    (event: S) => {
      const value = map(event);
      if (value !== undefined) push(value);
    },
    {},
  );
  if (options.first) {
    let first: T;
    try {
      first = await options.first();
    } catch (error) {
      end();
      throw error;
    }
    queue.unshift(first);
    if (options.last?.(first)) queue.splice(1);
  }
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      if (queue.length > 0) {
        const value = queue.shift() as T;
        if (options.last?.(value)) {
          queue.length = 0;
          end();
        }
        return { done: false, value };
      }
      if (ended) return DONE;
      const next = await new Promise<IteratorResult<T>>((resolve) => waiting.push(resolve));
      if (!next.done && options.last?.(next.value)) end();
      return next;
    },
    async return(): Promise<IteratorResult<T>> {
      return end();
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * Wraps a request-bound event generator so that `return()` (the client completed
 * the subscription or the socket closed) first runs `onCancel` — aborting the
 * upstream request — then answers at once, while the generator finishes its
 * cleanup (the gateway's after-hooks) in the background.
 */
export function cancellable<T>(events: AsyncGenerator<T>, onCancel: () => void): AsyncIterableIterator<T> {
  let cancel: ((result: IteratorResult<T>) => void) | undefined;
  const cancelled = new Promise<IteratorResult<T>>((resolve) => (cancel = resolve));
  let finished = false;
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      if (finished) return DONE;
      const pending = events.next();
      // After a cancel wins the race, a late failure of the source has no reader.
      pending.catch(() => undefined);
      const next = await Promise.race([pending, cancelled]);
      if (next.done) finished = true;
      return next;
    },
    async return(): Promise<IteratorResult<T>> {
      if (!finished) {
        finished = true;
        onCancel();
        cancel?.(DONE);
        events.return(undefined).catch(() => undefined);
      }
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * Each value of `source` through `map`. `return()` goes straight to the source,
 * so completing a subscription reaches it at once, even while a `next()` waits.
 */
export function mapEvents<S, T>(source: AsyncIterable<S>, map: (value: S) => T | Promise<T>): AsyncIterableIterator<T> {
  const events = source[Symbol.asyncIterator]();
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      const next = await events.next();
      if (next.done) return DONE;
      try {
        return { done: false, value: await map(next.value) };
      } catch (error) {
        await events.return?.().catch(() => undefined);
        throw error;
      }
    },
    async return(): Promise<IteratorResult<T>> {
      await events.return?.();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
