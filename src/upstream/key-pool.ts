interface KeyState {
  key: string;
  alias: string;
  /** Epoch ms before which the key must rest (rate limited). */
  restUntil: number;
  /** Epoch ms before which the key is out (refused with 401/402/403); leased again after, as a re-check. */
  outUntil: number;
}

export interface LeasedKey {
  key: string;
  alias: string;
}

/**
 * Upstream keys of one provider, handed out round-robin (spreading load),
 * skipping keys that rest after a rate limit or are out after a refusal.
 * Aliases (`together#2`) name keys in logs and attempts; keys never leave here
 * except in the Authorization header.
 */
export class KeyPool {
  private readonly states: KeyState[];
  private next = 0;

  constructor(
    keys: readonly string[],
    providerId: string,
    private readonly recheckMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.states = keys.map((key, index) => ({ key, alias: `${providerId}#${index + 1}`, restUntil: 0, outUntil: 0 }));
  }

  get size(): number {
    return this.states.length;
  }

  get keys(): readonly string[] {
    return this.states.map((state) => state.key);
  }

  /** The next usable key, or undefined when every key rests or is out. */
  lease(): LeasedKey | undefined {
    const now = this.now();
    for (let i = 0; i < this.states.length; i++) {
      const state = this.states[(this.next + i) % this.states.length];
      if (state.restUntil <= now && state.outUntil <= now) {
        this.next = (this.next + i + 1) % this.states.length;
        return { key: state.key, alias: state.alias };
      }
    }
    return undefined;
  }

  /** Earliest time any key is usable again (epoch ms), for a caller deciding to wait. */
  nextAvailableAt(): number {
    return Math.min(...this.states.map((state) => Math.max(state.restUntil, state.outUntil)));
  }

  rest(alias: string, untilMs: number): void {
    const state = this.find(alias);
    if (state) state.restUntil = Math.max(state.restUntil, untilMs);
  }

  /** Takes a refused key out until its re-check; returns when it will be tried again (epoch ms). */
  takeOut(alias: string): number {
    const state = this.find(alias);
    if (!state) return this.now();
    state.outUntil = this.now() + this.recheckMs;
    return state.outUntil;
  }

  /** Records a success; true when the key had been taken out (its re-check passed). */
  markGood(alias: string): boolean {
    const state = this.find(alias);
    if (!state || state.outUntil === 0) return false;
    state.outUntil = 0;
    return true;
  }

  usableCount(): number {
    const now = this.now();
    return this.states.filter((state) => state.restUntil <= now && state.outUntil <= now).length;
  }

  /** Every key was refused by the provider and awaits its re-check: nothing to wait for. */
  allOut(): boolean {
    const now = this.now();
    return this.states.length > 0 && this.states.every((state) => state.outUntil > now);
  }

  private find(alias: string): KeyState | undefined {
    return this.states.find((state) => state.alias === alias);
  }
}
