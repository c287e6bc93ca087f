import { describe, expect, it } from '@jest/globals';
import { KeyPool } from './key-pool.js';

function pool(keys: string[], recheckMs = 1000): { pool: KeyPool; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { pool: new KeyPool(keys, 'together', recheckMs, () => clock.now), clock };
}

describe('KeyPool', () => {
  it('spreads load round-robin and names keys by alias', () => {
    const { pool: keys } = pool(['k1', 'k2', 'k3']);
    expect([1, 2, 3, 4].map(() => keys.lease()?.alias)).toEqual(['together#1', 'together#2', 'together#3', 'together#1']);
  });

  it('skips a resting key until its reset', () => {
    const { pool: keys, clock } = pool(['k1', 'k2']);
    keys.rest('together#1', clock.now + 500);
    expect([1, 2].map(() => keys.lease()?.alias)).toEqual(['together#2', 'together#2']);
    expect(keys.nextAvailableAt()).toBeLessThanOrEqual(clock.now);
    clock.now += 500;
    expect(new Set([1, 2].map(() => keys.lease()?.alias))).toEqual(new Set(['together#1', 'together#2']));
  });

  it('takes a refused key out until its re-check, and reports when it works again', () => {
    const { pool: keys, clock } = pool(['k1', 'k2'], 1000);
    expect(keys.takeOut('together#1')).toBe(clock.now + 1000);
    expect([1, 2, 3].map(() => keys.lease()?.alias)).toEqual(['together#2', 'together#2', 'together#2']);
    expect(keys.allOut()).toBe(false);
    clock.now += 1000;
    expect(keys.usableCount()).toBe(2);
    expect(keys.markGood('together#1')).toBe(true);
    expect(keys.markGood('together#1')).toBe(false);
  });

  it('knows when every key was refused (nothing to wait for) versus merely resting', () => {
    const { pool: keys, clock } = pool(['k1', 'k2']);
    keys.rest('together#1', clock.now + 100);
    keys.rest('together#2', clock.now + 200);
    expect(keys.lease()).toBeUndefined();
    expect(keys.allOut()).toBe(false);
    expect(keys.nextAvailableAt()).toBe(clock.now + 100);
    keys.takeOut('together#1');
    keys.takeOut('together#2');
    expect(keys.allOut()).toBe(true);
  });
});
