import { describe, expect, it } from '@jest/globals';
import { orderTargets, preferAvailable } from './candidate-order.js';
import { WeightedRotation } from './weighted-rotation.js';

interface T {
  id: string;
  weight?: number;
  tier?: number;
}

const firsts = (targets: T[], strategy: 'failover' | 'priority' | 'loadbalance', n: number): string[] => {
  const rotation = new WeightedRotation();
  return Array.from({ length: n }, () => orderTargets(targets, strategy, 'route', rotation)[0].id);
};

describe('orderTargets', () => {
  it('failover keeps the declared order', () => {
    const targets: T[] = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(orderTargets(targets, 'failover', 'r', new WeightedRotation()).map((t) => t.id)).toEqual(['a', 'b', 'c']);
  });

  it('loadbalance spreads first picks by weight, evenly and deterministically (smooth weighted round-robin)', () => {
    const picks = firsts(
      [
        { id: 'a', weight: 3 },
        { id: 'b', weight: 1 },
      ],
      'loadbalance',
      8,
    );
    expect(picks).toEqual(['a', 'a', 'b', 'a', 'a', 'a', 'b', 'a']);
  });

  it('loadbalance keeps the others as fallbacks in declared order', () => {
    const rotation = new WeightedRotation();
    const targets: T[] = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(orderTargets(targets, 'loadbalance', 'r', rotation).map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(orderTargets(targets, 'loadbalance', 'r', rotation).map((t) => t.id)).toEqual(['b', 'a', 'c']);
    expect(orderTargets(targets, 'loadbalance', 'r', rotation).map((t) => t.id)).toEqual(['c', 'a', 'b']);
  });

  it('a weight of zero is only ever a fallback', () => {
    expect(
      new Set(
        firsts(
          [
            { id: 'a', weight: 0 },
            { id: 'b', weight: 1 },
          ],
          'loadbalance',
          5,
        ),
      ),
    ).toEqual(new Set(['b']));
  });

  it('priority tries the best tier first, balancing within a tier, then the next tier', () => {
    const targets = [
      { id: 'cheap', tier: 1 },
      { id: 'x', tier: 0 },
      { id: 'y', tier: 0 },
      { id: 'last', tier: 2 },
    ];
    const rotation = new WeightedRotation();
    expect(orderTargets(targets, 'priority', 'r', rotation).map((t) => t.id)).toEqual(['x', 'y', 'cheap', 'last']);
    expect(orderTargets(targets, 'priority', 'r', rotation).map((t) => t.id)).toEqual(['y', 'x', 'cheap', 'last']);
  });

  it('keeps each route apart', () => {
    const rotation = new WeightedRotation();
    const targets: T[] = [{ id: 'a' }, { id: 'b' }];
    expect(orderTargets(targets, 'loadbalance', 'one', rotation)[0].id).toBe('a');
    expect(orderTargets(targets, 'loadbalance', 'two', rotation)[0].id).toBe('a');
  });
});

describe('preferAvailable', () => {
  it('moves unavailable targets last, keeping order on both sides', () => {
    const order = preferAvailable(['a', 'b', 'c', 'd'], (id) => id !== 'a' && id !== 'c');
    expect(order).toEqual(['b', 'd', 'a', 'c']);
  });
});
