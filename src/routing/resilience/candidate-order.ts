import type { WeightedRotation } from './weighted-rotation.js';

export type RouteStrategy = 'failover' | 'priority' | 'loadbalance';

interface Weighted {
  weight?: number;
  tier?: number;
}

function pickFirst<T extends Weighted>(targets: readonly T[], group: string, rotation: WeightedRotation): T[] {
  if (targets.length < 2) return [...targets];
  const picked = rotation.next(
    group,
    targets.map((target) => target.weight ?? 1),
  );
  return [targets[picked], ...targets.filter((_, index) => index !== picked)];
}

/**
 * The order a route's targets are tried in. `failover`: as declared.
 * `loadbalance`: one target picked by weight goes first, the others follow as
 * fallbacks. `priority`: tiers from 0 up (a target without `tier` is tier 0),
 * load-balanced by weight within a tier.
 */
export function orderTargets<T extends Weighted>(
  targets: readonly T[],
  strategy: RouteStrategy,
  route: string,
  rotation: WeightedRotation,
): T[] {
  if (strategy === 'loadbalance') return pickFirst(targets, route, rotation);
  if (strategy === 'priority') {
    const tiers = [...new Set(targets.map((target) => target.tier ?? 0))].sort((a, b) => a - b);
    return tiers.flatMap((tier) =>
      pickFirst(
        targets.filter((target) => (target.tier ?? 0) === tier),
        `${route}#${tier}`,
        rotation,
      ),
    );
  }
  return [...targets];
}

/** Targets that can be served now first (stable), so the gateway routes around open circuits and resting keys. */
export function preferAvailable<T>(targets: readonly T[], isAvailable: (target: T) => boolean): T[] {
  const available: T[] = [];
  const later: T[] = [];
  for (const target of targets) (isAvailable(target) ? available : later).push(target);
  return available.concat(later);
}
