import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface TickOptions {
  /** The shortest tick (ms): updates arriving within it are merged and fanned out once. */
  tickMs: number;
  /** Awareness changes alone wait this long (ms); with edits flowing they ride along with the update tick. */
  awarenessTickMs: number;
  /** How much longer than `tickMs` ticks are now (see LoopLoad): one for the whole process. */
  load: { readonly stretch: number };
}

/** However busy the process gets, a tick waits no longer than this (ms). */
export const MAX_TICK_DELAY_MS = 100;

/**
 * When one entry's next tick fans out. Two timers, one callback: the update
 * tick (`updatesPending`) and the slower awareness tick (`awarenessPending`);
 * whichever fires first sends everything pending, and both restart from the
 * next change.
 *
 * An update tick lasts `tickMs` times the process' stretch (see LoopLoad):
 * `tickMs` while the event loop has time to spare, however many peers the
 * entry has, and longer only while it is busy.
 */
export class TickScheduler {
  private updateTimer: NodeJS.Timeout | null = null;
  private awarenessTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: TickOptions,
    private readonly onTick: () => void,
  ) {}

  /** Document updates are waiting: the update tick is due in `delayMs` (unless already scheduled). */
  updatesPending(): void {
    if (this.updateTimer) return;
    this.updateTimer = setTimeout(this.fire, this.delayMs);
  }

  /**
   * Awareness changes are waiting: the awareness tick is due (unless already
   * scheduled) after `awarenessTickMs`, or after the update tick's delay when
   * the process is busy enough to stretch that beyond it: cursor moves come
   * with every keystroke, so an awareness tick shorter than the update tick
   * would fire first and undo the stretch.
   */
  awarenessPending(): void {
    if (this.awarenessTimer) return;
    this.awarenessTimer = setTimeout(this.fire, Math.max(this.options.awarenessTickMs, this.delayMs));
  }

  /** How long the next update tick collects updates before fanning them out. */
  get delayMs(): number {
    return Math.min(MAX_TICK_DELAY_MS, this.options.tickMs * this.options.load.stretch);
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

/** How often the event loop's utilization is read. */
const SAMPLE_MS = 100;
/** Weight of the newest reading in the smoothed utilization (about a second of memory at SAMPLE_MS). */
const SMOOTHING = 0.2;
/** At most this factor per sample, up or down. */
const MAX_STEP = 1.25;

/** Reads the event loop's utilization since the last reading (injected in tests). */
export type UtilizationMeter = () => number;

/** performance.eventLoopUtilization between two readings: the share of wall time the loop spent running callbacks. */
export function eventLoopMeter(): UtilizationMeter {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return share;
  };
}

/**
 * How busy this process' event loop is, as the factor by which every
 * entry's tick is stretched (its utilization smoothed over about a second).
 *
 * Each tick costs one socket write per peer (about 5 µs on loopback, most of
 * it the kernel's), so a short tick is paid for in CPU. The tick used to
 * lengthen with the fan-out's own cost, which made a crowded entry wait
 * longer even on an idle core, and inflated the wait whenever the process
 * was preempted mid-fan-out. Now it lengthens only when the event loop is
 * actually busy: while utilization stays above `busyShare`, the stretch
 * grows every SAMPLE_MS (up to MAX_TICK_DELAY_MS); below it, it shrinks
 * back towards 1. Whatever makes the loop busy
 * (fan-out, decoding, Postgres, other entries) buys the same relief, and a
 * loop with time to spare spends it on latency.
 */
export class LoopLoad {
  /** Factor applied to every tick (1: ticks at tickMs). */
  stretch = 1;
  /** The smoothed utilization (0–1), for /metrics and tests. */
  utilization = 0;
  private readonly timer: NodeJS.Timeout | null;

  constructor(
    private readonly busyShare: number,
    private readonly maxStretch: number,
    private readonly meter: UtilizationMeter = eventLoopMeter(),
    sampleEveryMs: number | null = SAMPLE_MS,
  ) {
    this.timer = sampleEveryMs === null ? null : setInterval(() => this.sample(), sampleEveryMs);
    this.timer?.unref();
  }

  /**
   * Reads the utilization since the last sample and moves the stretch
   * towards where utilization is `busyShare` (or 1, if it is below even
   * then): up by the square root of how far the smoothed utilization is
   * over, down by the square of how far it is under, so that ticks lengthen
   * with care and shorten again quickly once a burst (a crowd joining) is
   * over. Smoothed, because single 100 ms readings jump by ±0.1 around their
   * mean and reacting to each of them ratchets ticks up for no reason; no
   * dead band, because one would hold a stretch a burst left behind.
   */
  sample(): void {
    this.utilization += (this.meter() - this.utilization) * SMOOTHING;
    const ratio = this.utilization / this.busyShare;
    const factor = ratio > 1 ? Math.min(MAX_STEP, Math.sqrt(ratio)) : Math.max(1 / MAX_STEP, ratio * ratio);
    this.stretch = Math.min(this.maxStretch, Math.max(1, this.stretch * factor));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
