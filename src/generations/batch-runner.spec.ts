import { describe, expect, it } from '@jest/globals';
import { runBatch } from './batch-runner.js';

/** A task that resolves when the test says so, to control interleaving without timers. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('runBatch', () => {
  it('keeps input order whatever the finishing order, and isolates failures', async () => {
    const gates = [gate(), gate(), gate()];
    const pending = runBatch([0, 1, 2], 3, true, async (item) => {
      await gates[item]?.promise;
      if (item === 1) throw new Error('boom');
      return item * 10;
    });
    gates[2]?.open();
    gates[1]?.open();
    gates[0]?.open();

    const outcomes = await pending;

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[0]).toEqual({ index: 0, status: 'fulfilled', value: 0 });
    expect(outcomes[2]).toEqual({ index: 2, status: 'fulfilled', value: 20 });
  });

  it('never runs more than the concurrency at once', async () => {
    let inFlight = 0;
    let peak = 0;
    await runBatch(
      Array.from({ length: 10 }, (_, i) => i),
      3,
      true,
      async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await Promise.resolve();
        await Promise.resolve();
        inFlight--;
      },
    );
    expect(peak).toBe(3);
  });

  it('stops starting items after a failure when continueOnError is false', async () => {
    const started: number[] = [];
    const outcomes = await runBatch([0, 1, 2, 3], 1, false, async (item) => {
      started.push(item);
      if (item === 1) throw new Error('boom');
      return item;
    });
    expect(started).toEqual([0, 1]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'skipped', 'skipped']);
  });

  it('handles an empty batch', async () => {
    expect(await runBatch([], 4, true, async () => 1)).toEqual([]);
  });
});
