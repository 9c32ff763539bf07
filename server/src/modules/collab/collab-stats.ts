import { Histogram } from '../metrics/prometheus';

/** What the collab engine counts for /metrics and the benchmarks; plain integer adds on the hot path. */
export class CollabStats {
  bytesIn = 0;
  bytesOut = 0;
  framesIn = 0;
  framesOut = 0;
  /** Socket writes: one per direct message, one per peer per tick for broadcasts (which carry that tick's frames). */
  socketWrites = 0;
  updates = 0;
  /** Times a slow client's ticks were held back (it got a catch-up once it drained). */
  heldBack = 0;
  awareness = 0;
  /** Times a socket sent faster than its budget and reading it paused. */
  throttled = 0;
  /** Seconds from receiving an update to its log row committing (the durable ack). */
  readonly ackLatency = new Histogram([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  /** Rows per group-commit insert. */
  readonly batchRows = new Histogram([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]);
  /** Updates merged into one fan-out message per tick. */
  readonly tickUpdates = new Histogram([1, 2, 5, 10, 20, 50, 100]);
}
