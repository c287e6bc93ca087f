import { describe, expect, it } from '@jest/globals';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { ClientAbort } from '../client-signal.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

const never = new AbortController().signal;

describe('ConcurrencyLimiter', () => {
  it('queues beyond the limit and hands freed slots over in order', async () => {
    const limiter = new ConcurrencyLimiter('test', 1, 5, 10_000);
    const first = await limiter.acquire(never);
    const order: string[] = [];
    const second = limiter.acquire(never).then((release) => (order.push('second'), release));
    const third = limiter.acquire(never).then((release) => (order.push('third'), release));
    expect(limiter.waiting).toBe(2);
    first();
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    expect(limiter.inFlight).toBe(0);
  });

  it('refuses at once when the queue is full, as a gateway-side skip', async () => {
    const limiter = new ConcurrencyLimiter('test', 1, 0, 10_000);
    await limiter.acquire(never);
    const refused = await limiter.acquire(never).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamFailure);
    expect(refused).toMatchObject({ code: 'concurrency_queue_full', skipped: true, kind: 'rate_limited' });
  });

  it('gives up waiting after queueTimeoutMs and leaves the queue', async () => {
    const limiter = new ConcurrencyLimiter('test', 1, 1, 20);
    await limiter.acquire(never);
    await expect(limiter.acquire(never)).rejects.toMatchObject({ code: 'concurrency_queue_timeout' });
    expect(limiter.waiting).toBe(0);
  });

  it('leaves the queue when the request is aborted, and a double release frees one slot', async () => {
    const limiter = new ConcurrencyLimiter('test', 1, 1, 10_000);
    const release = await limiter.acquire(never);
    const abort = new AbortController();
    const waiting = limiter.acquire(abort.signal);
    abort.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    release();
    release();
    expect(limiter.inFlight).toBe(0);
  });

  it('refuses a request whose deadline has already passed or whose client left, with that reason', async () => {
    const limiter = new ConcurrencyLimiter('test', 1, 1, 10_000);
    const gone = new ClientAbort();
    gone.abort(new Error('client left'));
    await expect(limiter.acquire(gone)).rejects.toThrow('client left');
    expect(limiter.inFlight).toBe(0);
  });
});
