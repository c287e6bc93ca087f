import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` until it returns a value (not undefined); fails with `describe()` after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, describe: () => string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await sleep(50);
  }
}
