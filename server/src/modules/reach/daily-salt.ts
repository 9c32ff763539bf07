import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { msLeftInDay } from './reach-day';

const SALT_BYTES = 32;
/** Bytes of the reader hash kept (128 bits: collisions among a day's readers are negligible). */
const READER_HASH_BYTES = 16;

/**
 * The day's secret salt, the key of the reader hash. A new random salt each
 * UTC day; only the current day's is held (the previous one is dropped when
 * the day changes), so yesterday's reader hashes can be neither recomputed nor
 * linked to today's.
 *
 * With Redis, the instances share the day's salt (SET NX, expiring at the end
 * of the day) so that one reader hashes alike on every instance; without it,
 * the salt never leaves this process.
 */
export class DailySalt {
  private day: string | null = null;
  private salt: Promise<Buffer> | null = null;

  constructor(
    private readonly redis: Redis | null = null,
    private readonly keyPrefix = 'kh',
  ) {}

  /** The salt of `day` (YYYY-MM-DD, the current day at `now`); a day older than the one held is refused (its salt is gone). */
  saltOf(day: string, now: number): Promise<Buffer> | null {
    if (this.day !== null && day < this.day) return null;
    if (day !== this.day || !this.salt) {
      this.day = day;
      this.salt = this.create(day, now).catch((err: unknown) => {
        if (this.day === day) this.salt = null; // asked again next time
        throw err;
      });
    }
    return this.salt;
  }

  /** The day whose salt is held (tests). */
  get heldDay(): string | null {
    return this.day;
  }

  private async create(day: string, now: number): Promise<Buffer> {
    const fresh = randomBytes(SALT_BYTES).toString('base64');
    if (!this.redis) return Buffer.from(fresh, 'base64');
    const key = `${this.keyPrefix}:reach:salt:${day}`;
    await this.redis.set(key, fresh, 'PX', msLeftInDay(now), 'NX');
    const shared = await this.redis.get(key);
    return Buffer.from(shared ?? fresh, 'base64');
  }
}

/** The keyed hash of one reader for one day: HMAC-SHA256(salt, address, user agent), truncated. Neither input can be read back from it. */
export function readerHash(salt: Buffer, address: string, userAgent: string): string {
  return createHmac('sha256', salt).update(address).update('\n').update(userAgent).digest().subarray(0, READER_HASH_BYTES).toString('base64url');
}
