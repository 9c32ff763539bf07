import type { Redis } from 'ioredis';
import type { Tally } from './reach-counter';
import { dayOf, msLeftInDay } from './reach-day';

/**
 * Turns a flush window into daily rows (day, page, country → readers, reads).
 *
 * - Without Redis (one instance): the day's reader hashes seen so far are held
 *   here, so a reader counted earlier today is not counted again; rows are
 *   increments. The held hashes are dropped when the day changes. (A restart
 *   forgets them: a reader seen before and after it counts twice that day.)
 * - With Redis: one HyperLogLog per (day, page, country) and a read counter,
 *   shared by every instance and expiring soon after the day ends; rows are
 *   the day's totals so far, which every instance computes alike, so they are
 *   written as "at least this many".
 */
export interface DailyRow {
  day: string;
  page: string;
  country: string;
  readers: number;
  reads: number;
}

export interface SettledRows {
  rows: DailyRow[];
  /** add: increments; max: totals so far (keep the larger). */
  mode: 'add' | 'max';
}

export interface ReachTally {
  settle(window: Tally[], now: number): Promise<SettledRows>;
}

/**
 * Reader hashes held per day at most (about 100 bytes each): past it, a flood
 * of new addresses is still counted, but further readers are not remembered
 * (one returning later that day would count again), so memory stays bounded.
 */
const MAX_SEEN_PER_DAY = 1_000_000;

export class MemoryTally implements ReachTally {
  /** `day\npage\ncountry` → hashes of the readers counted there that day. */
  private seen = new Map<string, Set<string>>();
  private seenCount = new Map<string, number>();

  async settle(window: Tally[], now: number): Promise<SettledRows> {
    const today = dayOf(now);
    const rows: DailyRow[] = [];
    for (const t of window) {
      const key = `${t.day}\n${t.page}\n${t.country}`;
      let seen = this.seen.get(key);
      if (!seen) {
        seen = new Set();
        this.seen.set(key, seen);
      }
      let held = this.seenCount.get(t.day) ?? 0;
      let fresh = 0;
      for (const hash of t.readers) {
        if (seen.has(hash)) continue;
        fresh++;
        if (held < MAX_SEEN_PER_DAY) {
          seen.add(hash);
          held++;
        }
      }
      this.seenCount.set(t.day, held);
      rows.push({ day: t.day, page: t.page, country: t.country, readers: fresh, reads: t.reads });
    }
    for (const key of this.seen.keys()) if (key.slice(0, 10) < today) this.seen.delete(key);
    for (const day of this.seenCount.keys()) if (day < today) this.seenCount.delete(day);
    return { rows, mode: 'add' };
  }

  /** Days whose reader hashes are held (tests). */
  heldDays(): string[] {
    return [...new Set([...this.seen.keys()].map((k) => k.slice(0, 10)))];
  }
}

/** A HyperLogLog outlives its day by this much, so that the last flush of the day (from any instance) still finds it. */
const AFTER_DAY_GRACE_MS = 15 * 60_000;

export class RedisTally implements ReachTally {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly flushMs: number,
  ) {}

  async settle(window: Tally[], now: number): Promise<SettledRows> {
    if (window.length === 0) return { rows: [], mode: 'max' };
    const pipeline = this.redis.pipeline();
    for (const t of window) {
      const base = `${this.prefix}:reach:${t.day}:${t.country}:${t.page}`;
      const ttl = (t.day === dayOf(now) ? msLeftInDay(now) : 0) + AFTER_DAY_GRACE_MS + 2 * this.flushMs;
      pipeline.pfadd(`${base}:hll`, ...t.readers);
      pipeline.pexpire(`${base}:hll`, ttl);
      pipeline.incrby(`${base}:reads`, t.reads);
      pipeline.pexpire(`${base}:reads`, ttl);
      pipeline.pfcount(`${base}:hll`);
    }
    const results = (await pipeline.exec()) ?? [];
    const rows = window.map((t, i) => {
      const at = i * 5;
      for (const [err] of results.slice(at, at + 5)) if (err) throw err;
      return { day: t.day, page: t.page, country: t.country, reads: Number(results[at + 2][1]), readers: Number(results[at + 4][1]) };
    });
    return { rows, mode: 'max' };
  }
}
