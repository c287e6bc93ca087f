interface KeyState {
  key: string;
  alias: string;
  /** Epoch ms before which the key must rest (rate limited). */
  restUntil: number;
  /** Epoch ms before which the key is out (auth failure); re-checked after. */
  outUntil: number;
}

export interface LeasedKey {
  key: string;
  alias: string;
}

const AUTH_RECHECK_MS = 10 * 60_000;

/** Upstream keys of one provider, handed out round-robin, skipping resting or failed ones. */
export class KeyPool {
  private readonly states: KeyState[];
  private next = 0;

  constructor(
    keys: readonly string[],
    providerId: string,
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

  takeOut(alias: string): void {
    const state = this.find(alias);
    if (state) state.outUntil = this.now() + AUTH_RECHECK_MS;
  }

  usableCount(): number {
    const now = this.now();
    return this.states.filter((state) => state.restUntil <= now && state.outUntil <= now).length;
  }

  private find(alias: string): KeyState | undefined {
    return this.states.find((state) => state.alias === alias);
  }
}
