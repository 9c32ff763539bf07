import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import type { EngineSnapshot } from '../collab/collab-stats';
import { CollabService } from '../collab/collab.service';

type Read = (s: EngineSnapshot) => number;

/**
 * /metrics in the Prometheus text format (prom-client). Nothing here runs on
 * the engine's hot path: when scraped, the engine hands over one snapshot (a
 * plain object), and every gauge and counter reads it in its collect
 * callback; the engine's distributions are its own histograms, registered
 * here. A registry per instance of the service (tests run several apps in
 * one process).
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  private readonly registry = new Registry();
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  /** The snapshot of the scrape in progress (collect callbacks run synchronously within registry.metrics()). */
  private current: EngineSnapshot | null = null;

  constructor(private readonly collab: CollabService) {
    this.loopDelay.enable();
    const engine = (read: Read) => () => {
      this.current ??= this.collab.engineSnapshot();
      return read(this.current);
    };
    this.gauge(
      'kh_collab_connections',
      'Open collab WebSocket connections.',
      engine((s) => s.connections),
    );
    this.gauge(
      'kh_collab_loaded_entries',
      'Entries whose live document is in memory.',
      engine((s) => s.loadedEntries),
    );
    this.gauge(
      'kh_collab_resident_entries',
      'Entries in memory in any way: loaded, loading, or being flushed and compacted on their way out.',
      engine((s) => s.residentEntries),
    );
    this.counter(
      'kh_collab_updates_total',
      'Document updates accepted from editors (and the server).',
      engine((s) => s.counted.updates),
    );
    this.counter(
      'kh_collab_awareness_total',
      'Awareness updates received.',
      engine((s) => s.counted.awareness),
    );
    this.counter(
      'kh_collab_frames_in_total',
      'Collab frames received.',
      engine((s) => s.counted.framesIn),
    );
    this.counter(
      'kh_collab_frames_out_total',
      'Collab frames sent.',
      engine((s) => s.counted.framesOut),
    );
    this.counter(
      'kh_collab_held_back_total',
      'Times a slow client was past the backlog limit: ticks held back, one catch-up once drained.',
      engine((s) => s.counted.heldBack),
    );
    this.counter(
      'kh_collab_throttled_total',
      'Times a socket sent faster than its budget and reading it paused.',
      engine((s) => s.counted.throttled),
    );
    this.counter(
      'kh_collab_socket_writes_total',
      'Socket writes of collab frames (a tick broadcast is one per peer).',
      engine((s) => s.counted.socketWrites),
    );
    this.counter(
      'kh_collab_bytes_in_total',
      'Collab bytes received.',
      engine((s) => s.counted.bytesIn),
    );
    this.counter(
      'kh_collab_bytes_out_total',
      'Collab bytes sent.',
      engine((s) => s.counted.bytesOut),
    );
    for (const histogram of collab.stats.distributions) this.registry.registerMetric(histogram);
    this.gauge(
      'kh_collab_log_rows_pending',
      'Updates waiting for their log insert.',
      engine((s) => s.logRowsPending),
    );
    this.gauge(
      'kh_collab_log_rows_uncompacted',
      'Log rows of loaded entries not yet folded into their compacted state.',
      engine((s) => s.logRowsUncompacted),
    );
    this.counter(
      'kh_collab_log_insert_failures_total',
      'Failed group-commit inserts (retried).',
      engine((s) => s.logInsertFailures),
    );
    this.gauge(
      'kh_collab_loop_utilization',
      'Share of the last 100 ms the event loop was busy (what lengthens ticks).',
      engine((s) => s.loopUtilization),
    );
    this.gauge(
      'kh_collab_tick_stretch',
      'Factor by which ticks are lengthened because the event loop is busy (1: COLLAB_TICK_MS).',
      engine((s) => s.tickStretch),
    );
    this.gauge('kh_event_loop_lag_p99_seconds', 'Event-loop delay, 99th percentile since start.', () => this.loopDelay.percentile(99) / 1e9);
    this.gauge('kh_event_loop_lag_mean_seconds', 'Event-loop delay, mean since start.', () => this.loopDelay.mean / 1e9);
    this.gauge('process_resident_memory_bytes', 'Resident memory.', () => process.memoryUsage.rss());
    this.gauge('nodejs_heap_used_bytes', 'V8 heap in use.', () => process.memoryUsage().heapUsed);
    this.gauge('nodejs_heap_total_bytes', 'V8 heap reserved.', () => process.memoryUsage().heapTotal);
    this.gauge('nodejs_external_memory_bytes', 'Memory of Buffers and other objects outside the V8 heap.', () => process.memoryUsage().external);
  }

  onModuleDestroy(): void {
    this.loopDelay.disable();
  }

  async render(): Promise<string> {
    this.current = this.collab.engineSnapshot();
    try {
      return await this.registry.metrics();
    } finally {
      this.current = null;
    }
  }

  private gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(finite(read()));
      },
    });
  }

  /** A counter the engine counts itself (plain integers): set to the engine's figure at scrape time. */
  private counter(name: string, help: string, read: () => number): void {
    new Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : NaN;
}
