import type { Redis } from 'ioredis';

/**
 * Fixed-window counters for login throttling. A window starts at a key's first
 * hit and lasts windowMs; hits within it add up, and later hits never extend it.
 */
export interface ThrottleStore {
  /** Counts one attempt; returns the count in the current window (this one included) and the ms until it ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** Takes one attempt back (a successful sign-in does not count against its address). */
  undo(key: string): Promise<void>;
  /** Forgets a key (a successful sign-in clears its account's failures). */
  reset(key: string): Promise<void>;
}

/** Keys one instance keeps at most: spraying random emails cannot grow memory without bound. */
export const MEMORY_THROTTLE_MAX_KEYS = 50_000;

/**
 * One instance's counters (no REDIS_URL, or Redis unreachable). Bounded: when
 * full, expired windows are swept, and if none expired the oldest window is
 * dropped (windows are inserted in start order, so it is the first one).
 */
export class MemoryThrottleStore implements ThrottleStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly maxKeys = MEMORY_THROTTLE_MAX_KEYS) {}

  get size(): number {
    return this.windows.size;
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const now = Date.now();
    let w = this.windows.get(key);
    if (w && w.resetAt <= now) {
      this.windows.delete(key);
      w = undefined;
    }
    if (!w) {
      this.makeRoom(now);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return { count: w.count, resetInMs: w.resetAt - now };
  }

  async undo(key: string): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.count > 0) w.count--;
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
    while (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
  }
}

// One round trip, atomic: create the window with its expiry on the first hit, count, report the time left.
const HIT_SCRIPT = `
redis.call('SET', KEYS[1], 0, 'PX', ARGV[1], 'NX')
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
return {count, ttl}`;

// DECR on a missing key would create a counter without expiry: only take back from a live window.
const UNDO_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

/** Counters shared by every instance through Redis; keys expire with their window, so memory follows traffic. */
export class RedisThrottleStore implements ThrottleStore {
  constructor(private readonly redis: Redis) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, key, String(windowMs))) as [number, number];
    return { count, resetInMs: ttl > 0 ? ttl : windowMs };
  }

  async undo(key: string): Promise<void> {
    await this.redis.eval(UNDO_SCRIPT, 1, key);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
