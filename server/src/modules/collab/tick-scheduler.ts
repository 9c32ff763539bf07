/** What the scheduler reads time from (injected in tests). */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => performance.now() };

export interface TickOptions {
  /** The shortest tick (ms): updates arriving within it are merged and fanned out once. */
  tickMs: number;
  /** Awareness changes alone wait this long (ms); with edits flowing they ride along with the update tick. */
  awarenessTickMs: number;
  /** The share of time one entry's fan-out may take (see AppConfig.collab.fanoutShare). */
  fanoutShare: number;
  clock?: Clock;
}

/** However costly fan-out gets, a tick waits no longer than this (one slow tick must not stretch the next ones far). */
const MAX_TICK_DELAY_MS = 100;

/**
 * When one entry's next tick fans out. Two timers, one callback: the update
 * tick (`updatesPending`) and the slower awareness tick (`awarenessPending`);
 * whichever fires first sends everything pending, and both restart from
 * the next change.
 *
 * A tick lasts `tickMs`, or longer when fanning out costs more: at least the
 * fan-out's cost divided by `fanoutShare`. Each tick costs one socket write
 * per peer, so an entry with 400 editors ticks about half as often as one
 * with 200, and the time spent fanning out stays a bounded share of the
 * core however many join. Latency grows with the crowd, slowly: the cost of
 * a write is a few microseconds.
 */
export class TickScheduler {
  private updateTimer: NodeJS.Timeout | null = null;
  private awarenessTimer: NodeJS.Timeout | null = null;
  /** Moving average of what one tick's fan-out costs (ms), which sets how long the next tick waits. */
  private fanoutMs = 0;
  private readonly clock: Clock;

  constructor(
    private readonly options: TickOptions,
    private readonly onTick: () => void,
  ) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
  }

  /** Document updates are waiting: the update tick is due in `delayMs` (unless already scheduled). */
  updatesPending(): void {
    if (this.updateTimer) return;
    this.updateTimer = setTimeout(this.fire, this.delayMs);
  }

  /** Awareness changes are waiting: the awareness tick is due (unless already scheduled). */
  awarenessPending(): void {
    if (this.awarenessTimer) return;
    this.awarenessTimer = setTimeout(this.fire, this.options.awarenessTickMs);
  }

  /** How long the next update tick collects updates before fanning them out. */
  get delayMs(): number {
    return Math.min(MAX_TICK_DELAY_MS, Math.max(this.options.tickMs, this.fanoutMs / this.options.fanoutShare));
  }

  /** Runs one fan-out of updates and learns its cost. */
  measure(fanOut: () => void): void {
    const started = this.clock.now();
    fanOut();
    this.fanoutMs += (this.clock.now() - started - this.fanoutMs) * 0.2;
  }

  /** Stops both timers (a tick is being sent now, or the document is going away). */
  cancel(): void {
    if (this.updateTimer) clearTimeout(this.updateTimer);
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.updateTimer = null;
    this.awarenessTimer = null;
  }

  private readonly fire = (): void => {
    this.cancel();
    this.onTick();
  };
}
