import { type DigestClock, DigestScheduler, digestDay, lastDigestRun, nextDigestRun } from './digest-schedule';

const at = (iso: string) => new Date(iso);

describe('when the daily digest runs', () => {
  const table: [string, string, number, string][] = [
    ['before the hour: today', '2026-11-30T06:59:59.999Z', 7, '2026-11-30T07:00:00.000Z'],
    ['at the hour exactly: tomorrow (this one is running)', '2026-11-30T07:00:00.000Z', 7, '2026-12-01T07:00:00.000Z'],
    ['after the hour: tomorrow', '2026-11-30T09:05:00.000Z', 7, '2026-12-01T07:00:00.000Z'],
    ['midnight hour, just before midnight', '2026-11-30T23:59:00.000Z', 0, '2026-12-01T00:00:00.000Z'],
    ['hour 23, past the end of a month and year', '2026-12-31T23:30:00.000Z', 23, '2027-01-01T23:00:00.000Z'],
    ['across a leap day', '2028-02-28T08:00:00.000Z', 7, '2028-02-29T07:00:00.000Z'],
  ];
  it.each(table)('%s', (_name, now, hour, next) => {
    expect(nextDigestRun(at(now), hour).toISOString()).toBe(next);
    expect(lastDigestRun(at(now), hour).getTime()).toBe(at(next).getTime() - 24 * 3_600_000);
  });

  it('a run belongs to the UTC day of its time', () => {
    expect(digestDay(at('2026-11-30T23:00:00.000Z'))).toBe('2026-11-30');
    expect(digestDay(at('2026-12-01T00:00:00.000Z'))).toBe('2026-12-01');
  });
});

/** A clock the test moves by hand: timers fire when it passes them. */
class FakeClock implements DigestClock {
  private timers: { at: number; fn: () => void }[] = [];
  constructor(private t: number) {}
  now = () => new Date(this.t);
  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }
  pending(): string[] {
    return this.timers.map((x) => new Date(x.at).toISOString());
  }
  /** Moves to `iso`, firing the timers passed on the way. */
  moveTo(iso: string): void {
    this.t = Date.parse(iso);
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const x of due) x.fn();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the digest scheduler', () => {
  it('at start, offers the latest run (the service skips a day already run), then runs at the hour each day', async () => {
    const clock = new FakeClock(Date.parse('2026-11-30T09:05:00.000Z'));
    const runs: string[] = [];
    const scheduler = new DigestScheduler(7, async (scheduledAt) => void runs.push(scheduledAt.toISOString()), clock);
    scheduler.start();
    await settle();
    expect(runs).toEqual(['2026-11-30T07:00:00.000Z']);
    expect(clock.pending()).toEqual(['2026-12-01T07:00:00.000Z']);
    clock.moveTo('2026-12-01T07:00:00.000Z');
    await settle();
    expect(runs).toEqual(['2026-11-30T07:00:00.000Z', '2026-12-01T07:00:00.000Z']);
    expect(clock.pending()).toEqual(['2026-12-02T07:00:00.000Z']);
    scheduler.stop();
    expect(clock.pending()).toEqual([]);
  });

  it('a run that fails still schedules the next', async () => {
    const clock = new FakeClock(Date.parse('2026-11-30T06:00:00.000Z'));
    const scheduler = new DigestScheduler(
      7,
      async () => {
        throw new Error('database away');
      },
      clock,
    );
    scheduler.start();
    await settle();
    expect(clock.pending()).toEqual(['2026-11-30T07:00:00.000Z']);
    scheduler.stop();
  });
});
