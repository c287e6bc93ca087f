import { beforeEach, describe, expect, it } from '@jest/globals';
import { KeyPool } from './key-pool.js';

describe('KeyPool', () => {
  let now: number;
  const clock = (): number => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  const aliases = (pool: KeyPool, n: number): Array<string | undefined> => Array.from({ length: n }, () => pool.lease()?.alias);

  it('names keys by provider and position, never by value', () => {
    const pool = new KeyPool(['sk-one', 'sk-two'], 'openai', clock);
    expect(pool.size).toBe(2);
    expect(pool.keys).toEqual(['sk-one', 'sk-two']);
    expect(pool.lease()).toEqual({ key: 'sk-one', alias: 'openai#1' });
    expect(pool.lease()).toEqual({ key: 'sk-two', alias: 'openai#2' });
  });

  it('hands keys out round-robin', () => {
    const pool = new KeyPool(['a', 'b', 'c'], 'p', clock);
    expect(aliases(pool, 7)).toEqual(['p#1', 'p#2', 'p#3', 'p#1', 'p#2', 'p#3', 'p#1']);
  });

  it('skips a resting key until its rest is over, then includes it again', () => {
    const pool = new KeyPool(['a', 'b', 'c'], 'p', clock);
    pool.rest('p#2', now + 1000);
    expect(aliases(pool, 4)).toEqual(['p#1', 'p#3', 'p#1', 'p#3']);
    expect(pool.usableCount()).toBe(2);
    now += 1000;
    expect(pool.usableCount()).toBe(3);
    expect(aliases(pool, 3)).toEqual(['p#1', 'p#2', 'p#3']);
  });

  it('a later rest extends, an earlier one never shortens', () => {
    const pool = new KeyPool(['a'], 'p', clock);
    pool.rest('p#1', now + 5000);
    pool.rest('p#1', now + 1000);
    now += 4999;
    expect(pool.lease()).toBeUndefined();
    now += 1;
    expect(pool.lease()?.alias).toBe('p#1');
  });

  it('takes a refused key out for ten minutes, then tries it again', () => {
    const pool = new KeyPool(['a', 'b'], 'p', clock);
    pool.takeOut('p#1');
    expect(aliases(pool, 3)).toEqual(['p#2', 'p#2', 'p#2']);
    now += 10 * 60_000 - 1;
    expect(pool.usableCount()).toBe(1);
    now += 1;
    expect(pool.usableCount()).toBe(2);
    expect(new Set(aliases(pool, 2))).toEqual(new Set(['p#1', 'p#2']));
  });

  it('has nothing to lease when every key rests or is out, and says when one is back', () => {
    const pool = new KeyPool(['a', 'b', 'c'], 'p', clock);
    pool.rest('p#1', now + 3000);
    pool.rest('p#2', now + 2000);
    pool.takeOut('p#3');
    expect(pool.lease()).toBeUndefined();
    expect(pool.usableCount()).toBe(0);
    expect(pool.nextAvailableAt()).toBe(now + 2000);
    now += 2000;
    expect(pool.lease()?.alias).toBe('p#2');
  });

  it('a key both resting and out waits for the later of the two', () => {
    const pool = new KeyPool(['a'], 'p', clock);
    pool.takeOut('p#1');
    pool.rest('p#1', now + 1000);
    expect(pool.nextAvailableAt()).toBe(now + 10 * 60_000);
  });

  it('ignores unknown aliases', () => {
    const pool = new KeyPool(['a'], 'p', clock);
    pool.rest('q#1', now + 1000);
    pool.takeOut('p#9');
    expect(pool.lease()?.alias).toBe('p#1');
  });

  it('an empty pool leases nothing', () => {
    const pool = new KeyPool([], 'local', clock);
    expect(pool.size).toBe(0);
    expect(pool.lease()).toBeUndefined();
    expect(pool.usableCount()).toBe(0);
  });
});
