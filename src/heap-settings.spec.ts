import { runInNewContext } from 'node:vm';
import { settleHeapForServing } from './heap-settings.js';

function leaveGarbage(): number {
  // About 20 MiB of objects that are unreachable once this returns.
  const items = Array.from({ length: 250_000 }, (_, i) => ({ i, text: `start-up item ${i}` }));
  return items.length;
}

describe('settleHeapForServing', () => {
  it('collects what start-up left behind before the port opens', () => {
    expect(leaveGarbage()).toBe(250_000);
    const before = process.memoryUsage().heapUsed;
    settleHeapForServing();
    const freedMiB = (before - process.memoryUsage().heapUsed) / 2 ** 20;
    expect(freedMiB).toBeGreaterThan(10);
  });

  it('does not leave gc() exposed to the application or to new contexts', () => {
    settleHeapForServing();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
