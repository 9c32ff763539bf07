import { isbot } from 'isbot';
import { type DailySalt, readerHash } from './daily-salt';
import type { CountryLookup } from './geo-country';
import { SITE_PAGE } from './counted-page';
import { dayOf } from './reach-day';

/**
 * The counting itself, off the request's path: a public answer only pushes
 * what it saw (address, user agent, page, and a session cookie if any) onto a
 * queue and returns; the queue is drained on the next turn of the event loop,
 * where bots and staff are dropped and every other read becomes a reader hash
 * (daily-salt.ts) and a country (geo-country.ts). The address and user agent
 * go no further than this queue: nothing but the hash and the country is kept,
 * in the window below, until the next flush.
 *
 * Unknown countries (private, reserved, unlisted addresses) are counted under
 * `ZZ` (readers, but not a country).
 */

/** Reads waiting to be drained beyond this are dropped (a flood must not grow memory). */
const MAX_PENDING = 50_000;
/** isbot's verdicts by user agent, remembered until the next window (user agents repeat; the regular expression costs a microsecond). */
const MAX_BOT_VERDICTS = 1_000;
export const UNKNOWN_COUNTRY = 'ZZ';

export interface RawRead {
  address: string | undefined;
  userAgent: string;
  page: string;
  /** The session cookie's token when the request carried one (checked while draining). */
  sessionToken: string | null;
}

/** One (day, page, country) of a flush window: its reads and its readers' hashes. */
export interface Tally {
  day: string;
  page: string;
  country: string;
  reads: number;
  readers: Set<string>;
}

export interface CounterDeps {
  salt: DailySalt;
  country: CountryLookup;
  /** True when the token is a live session of this hub (staff): their reads are not counted. */
  isSession: (token: string) => Promise<boolean>;
  clock: () => number;
  onError: (err: unknown) => void;
}

export class ReachCounter {
  private pending: (RawRead & { at: number })[] = [];
  private scheduled = false;
  private draining: Promise<void> = Promise.resolve();
  private window = new Map<string, Tally>();
  private botVerdicts = new Map<string, boolean>();

  constructor(private readonly deps: CounterDeps) {}

  /** Called right after a counted answer was written: constant time, nothing awaited. */
  record(read: RawRead): void {
    if (this.pending.length >= MAX_PENDING) return;
    (read as RawRead & { at: number }).at = this.deps.clock();
    this.pending.push(read as RawRead & { at: number });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.draining = this.draining.then(() => this.drain()).catch(this.deps.onError);
    });
  }

  /** Resolves once every read recorded so far is in the window. */
  async settled(): Promise<void> {
    while (this.scheduled || this.pending.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      await this.draining;
    }
    await this.draining;
  }

  /** The window counted since the last call, emptied. */
  takeWindow(): Tally[] {
    const window = [...this.window.values()];
    this.window = new Map();
    this.botVerdicts = new Map();
    return window;
  }

  private async drain(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    let day = '';
    let salt: Buffer | null = null;
    for (const read of batch) {
      if (!read.userAgent || this.isBot(read.userAgent) || !read.address) continue;
      if (read.sessionToken && (await this.deps.isSession(read.sessionToken))) continue;
      const readDay = dayOf(read.at);
      if (readDay !== day) {
        day = readDay;
        const pending = this.deps.salt.saltOf(day, read.at);
        salt = pending ? await pending : null;
      }
      if (!salt) continue; // a read from a day whose salt is gone is not counted
      const hash = readerHash(salt, read.address, read.userAgent);
      const country = this.deps.country(read.address) ?? UNKNOWN_COUNTRY;
      this.add(day, read.page, country, hash);
      this.add(day, SITE_PAGE, country, hash);
    }
  }

  private isBot(userAgent: string): boolean {
    let verdict = this.botVerdicts.get(userAgent);
    if (verdict === undefined) {
      verdict = isbot(userAgent);
      if (this.botVerdicts.size >= MAX_BOT_VERDICTS) this.botVerdicts.clear();
      this.botVerdicts.set(userAgent, verdict);
    }
    return verdict;
  }

  private add(day: string, page: string, country: string, hash: string): void {
    const key = `${day}\n${page}\n${country}`;
    let tally = this.window.get(key);
    if (!tally) {
      tally = { day, page, country, reads: 0, readers: new Set() };
      this.window.set(key, tally);
    }
    tally.reads++;
    tally.readers.add(hash);
  }
}
