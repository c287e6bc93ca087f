import type { Redis } from 'ioredis';

export interface WindowState {
  tokens: number;
  /** Until the window's count resets. */
  resetInMs: number;
}

/** Tokens counted per key over a fixed window that starts with the window's first tokens. */
export interface TokenWindowStore {
  read(key: string, windowMs: number): Promise<WindowState>;
  add(key: string, tokens: number, windowMs: number): Promise<void>;
}

const SWEEP_AT_SIZE = 10_000;

/** One instance: a Map, swept of expired windows when it grows. */
export class MemoryTokenWindow implements TokenWindowStore {
  private readonly windows = new Map<string, { tokens: number; resetAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async read(key: string, windowMs: number): Promise<WindowState> {
    const window = this.windows.get(key);
    const now = this.now();
    if (!window || window.resetAt <= now) return { tokens: 0, resetInMs: windowMs };
    return { tokens: window.tokens, resetInMs: window.resetAt - now };
  }

  async add(key: string, tokens: number, windowMs: number): Promise<void> {
    const now = this.now();
    const window = this.windows.get(key);
    if (window && window.resetAt > now) window.tokens += tokens;
    else this.windows.set(key, { tokens, resetAt: now + windowMs });
    if (this.windows.size > SWEEP_AT_SIZE) {
      for (const [id, w] of this.windows) if (w.resetAt <= now) this.windows.delete(id);
    }
  }
}

// INCRBY and the expiry of a new window in one step, so no window is left without a TTL.
const ADD = `local total = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return total`;

/** Shared by every instance on the same Redis. */
export class RedisTokenWindow implements TokenWindowStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'switchyard:tpm:',
  ) {}

  async read(key: string, windowMs: number): Promise<WindowState> {
    const results = await this.redis
      .multi()
      .get(this.prefix + key)
      .pttl(this.prefix + key)
      .exec();
    const tokens = Number(results?.[0]?.[1] ?? 0) || 0;
    const ttl = Number(results?.[1]?.[1] ?? -2);
    return { tokens: ttl > 0 ? tokens : 0, resetInMs: ttl > 0 ? ttl : windowMs };
  }

  async add(key: string, tokens: number, windowMs: number): Promise<void> {
    await this.redis.eval(ADD, 1, this.prefix + key, tokens, windowMs);
  }
}
