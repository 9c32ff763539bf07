/**
 * When the daily digest runs: at a fixed hour UTC (NOTIFICATION_DIGEST_HOUR_UTC),
 * not a day after whichever start-up happened last. Pure: the clock is passed
 * in, so the tests choose the time.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The first `hourUtc`:00 UTC strictly after `now`. */
export function nextDigestRun(now: Date, hourUtc: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc);
  return new Date(today > now.getTime() ? today : today + DAY_MS);
}

/** The latest `hourUtc`:00 UTC at or before `now`: the run a start-up after it may have missed. */
export function lastDigestRun(now: Date, hourUtc: number): Date {
  return new Date(nextDigestRun(now, hourUtc).getTime() - DAY_MS);
}

/** The day a run belongs to, as Postgres reads a date: YYYY-MM-DD of its UTC time. */
export function digestDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export interface DigestClock {
  now(): Date;
  /** Calls `fn` after `ms`; the answer cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: DigestClock = {
  now: () => new Date(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/**
 * Calls `run` with each day's scheduled time: once at start for the latest
 * one (a start after the hour catches up a run it missed; `run` claims its
 * day, so a day already run is not run again), then at every next one.
 */
export class DigestScheduler {
  private cancel: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly hourUtc: number,
    private readonly run: (scheduledAt: Date) => Promise<void>,
    private readonly clock: DigestClock = systemClock,
  ) {}

  start(): void {
    void this.fire(lastDigestRun(this.clock.now(), this.hourUtc));
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
  }

  /** `run` logs its own failures; a failed run still schedules the next. */
  private async fire(scheduledAt: Date): Promise<void> {
    await this.run(scheduledAt).catch(() => undefined);
    if (this.stopped) return;
    const now = this.clock.now();
    const next = nextDigestRun(now, this.hourUtc);
    this.cancel = this.clock.after(next.getTime() - now.getTime(), () => void this.fire(next));
  }
}
