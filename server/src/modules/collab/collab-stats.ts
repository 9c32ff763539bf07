import { Histogram } from 'prom-client';

/** A distribution the engine observes (its own, never in a global registry: /metrics registers it). */
function distribution(name: string, help: string, buckets: number[]): Histogram {
  return new Histogram({ name, help, buckets, registers: [] });
}

/**
 * What the collab engine counts for /metrics and the benchmarks. Counters are
 * plain integer adds on the hot path (read at scrape time through
 * EngineSnapshot); the three distributions are observed a few hundred times a
 * second at most.
 */
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
  readonly ackLatency = distribution(
    'kh_collab_ack_latency_seconds',
    'From receiving an update to its log row committing.',
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  /** Rows per group-commit insert. */
  readonly batchRows = distribution('kh_collab_log_batch_rows', 'Rows per group-commit insert.', [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]);
  /** Updates merged into one fan-out message per tick. */
  readonly tickUpdates = distribution('kh_collab_tick_updates', 'Updates merged into one fan-out message.', [1, 2, 5, 10, 20, 50, 100]);

  get distributions(): Histogram[] {
    return [this.ackLatency, this.batchRows, this.tickUpdates];
  }
}

/** The engine's figures at one moment, as plain numbers (see CollabService.engineSnapshot). */
export interface EngineSnapshot {
  /** Open collab WebSocket connections. */
  connections: number;
  /** Entries whose live document is in memory. */
  loadedEntries: number;
  /** Entries in memory in any way: loaded, loading, or being flushed and compacted on their way out. */
  residentEntries: number;
  /** Updates waiting for their log insert. */
  logRowsPending: number;
  /** Log rows of loaded entries not yet folded into their compacted state. */
  logRowsUncompacted: number;
  /** Failed group-commit inserts (retried). */
  logInsertFailures: number;
  /** The event loop's utilization over the last sample (0–1) and the factor it stretches ticks by (see LoopLoad). */
  loopUtilization: number;
  tickStretch: number;
  /** Every counter of CollabStats, as counted so far. */
  counted: Pick<CollabStats, 'bytesIn' | 'bytesOut' | 'framesIn' | 'framesOut' | 'socketWrites' | 'updates' | 'heldBack' | 'awareness' | 'throttled'>;
}
