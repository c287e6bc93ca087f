/**
 * Smooth weighted round-robin (as in nginx): each pick adds every weight to its
 * running score, takes the highest and subtracts the total from it. Weights
 * 3:1 give a a b a, a a b a, ... so spreading is even and deterministic.
 */
export class WeightedRotation {
  private readonly scores = new Map<string, number[]>();

  /** Index of the next pick among `weights` for `group` (a route, or a tier of one). */
  next(group: string, weights: readonly number[]): number {
    let scores = this.scores.get(group);
    if (!scores || scores.length !== weights.length) {
      scores = weights.map(() => 0);
      this.scores.set(group, scores);
    }
    let total = 0;
    let best = 0;
    for (let i = 0; i < weights.length; i++) {
      scores[i] += weights[i];
      total += weights[i];
      if (scores[i] > scores[best]) best = i;
    }
    scores[best] -= total;
    return best;
  }
}
