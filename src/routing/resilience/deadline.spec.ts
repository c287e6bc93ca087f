import { describe, expect, it } from '@jest/globals';
import { ClientAbort } from '../client-signal.js';
import { systemClock } from './clock.js';
import { Deadline } from './deadline.js';

describe('Deadline', () => {
  it("aborts with the client's reason, and an AbortSignal taken later is already aborted with it", () => {
    const client = new ClientAbort();
    const deadline = new Deadline(client, 60_000, systemClock);
    const heard: unknown[] = [];
    deadline.addEventListener('abort', () => heard.push(deadline.reason));
    const reason = new Error('client left');
    client.abort(reason);
    expect(heard).toEqual([reason]);
    expect(deadline.aborted).toBe(true);
    expect(deadline.expired).toBe(false);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(reason);
    deadline.dispose();
  });

  it('times out as deadline_exceeded, and an AbortSignal taken before follows it', async () => {
    const deadline = new Deadline(new ClientAbort(), 20, systemClock);
    const signal = deadline.signal;
    expect(signal.aborted).toBe(false);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect(deadline.expired).toBe(true);
    expect(deadline.reason).toMatchObject({ kind: 'timeout', code: 'deadline_exceeded' });
    expect(signal.reason).toBe(deadline.reason);
    deadline.dispose();
  });

  it('stops listening to the client once disposed', () => {
    const client = new ClientAbort();
    const deadline = new Deadline(client, 60_000, systemClock);
    deadline.dispose();
    client.abort(new Error('client left'));
    expect(deadline.aborted).toBe(false);
  });
});
