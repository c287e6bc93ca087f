import { asAbortSignal, ClientAbort } from './client-signal.js';

describe('ClientAbort', () => {
  it('tells each listener once, with the first reason, and forgets removed ones', () => {
    const abort = new ClientAbort();
    const heard: string[] = [];
    const first = (): void => void heard.push(`first:${String(abort.reason)}`);
    const removed = (): void => void heard.push('removed');
    const second = (): void => void heard.push('second');
    abort.addEventListener('abort', first);
    abort.addEventListener('abort', removed);
    abort.addEventListener('abort', second);
    abort.removeEventListener('abort', removed);
    expect(abort.aborted).toBe(false);

    abort.abort('client disconnected');
    abort.abort('shutdown');

    expect(abort.aborted).toBe(true);
    expect(abort.reason).toBe('client disconnected');
    expect(heard).toEqual(['first:client disconnected', 'second']);
  });

  it('does not call a listener added after the abort, as an AbortSignal would not', () => {
    const abort = new ClientAbort();
    abort.abort(new Error('gone'));
    let called = false;
    abort.addEventListener('abort', () => (called = true));
    abort.abort(new Error('again'));
    expect(called).toBe(false);
  });

  it('gives every wait on one signal the same AbortSignal, which follows its abort', () => {
    const abort = new ClientAbort();
    const signal = asAbortSignal(abort);
    expect(asAbortSignal(abort)).toBe(signal);
    expect(signal.aborted).toBe(false);
    abort.abort('client disconnected');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('client disconnected');
    const native = new AbortController().signal;
    expect(asAbortSignal(native)).toBe(native);
  });
});
