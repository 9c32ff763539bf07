import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { CollabService } from '../collab/collab.service';
import { renderPrometheus, type Metric } from './prometheus';

/** Collects the figures of /metrics when scraped. */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  constructor(private readonly collab: CollabService) {
    this.loopDelay.enable();
  }

  onModuleDestroy(): void {
    this.loopDelay.disable();
  }

  render(): string {
    const s = this.collab.stats;
    const docs = this.collab.documents.all();
    const metrics: Metric[] = [
      { type: 'gauge', name: 'kh_collab_connections', help: 'Open collab WebSocket connections.', value: this.collab.connectionCount },
      { type: 'gauge', name: 'kh_collab_loaded_entries', help: 'Entries whose live document is in memory.', value: docs.length },
      { type: 'gauge', name: 'kh_collab_resident_entries', help: 'Entries in memory in any way: loaded, loading, or being flushed and compacted on their way out.', value: this.collab.documents.residentCount },
      { type: 'counter', name: 'kh_collab_updates_total', help: 'Document updates accepted from editors (and the server).', value: s.updates },
      { type: 'counter', name: 'kh_collab_awareness_total', help: 'Awareness updates received.', value: s.awareness },
      { type: 'counter', name: 'kh_collab_frames_in_total', help: 'Collab frames received.', value: s.framesIn },
      { type: 'counter', name: 'kh_collab_frames_out_total', help: 'Collab frames sent.', value: s.framesOut },
      { type: 'counter', name: 'kh_collab_held_back_total', help: 'Times a slow client was past the backlog limit: ticks held back, one catch-up once drained.', value: s.heldBack },
      { type: 'counter', name: 'kh_collab_throttled_total', help: 'Times a socket sent faster than its budget and reading it paused.', value: s.throttled },
      { type: 'counter', name: 'kh_collab_socket_writes_total', help: 'Socket writes of collab frames (a tick broadcast is one per peer).', value: s.socketWrites },
      { type: 'counter', name: 'kh_collab_bytes_in_total', help: 'Collab bytes received.', value: s.bytesIn },
      { type: 'counter', name: 'kh_collab_bytes_out_total', help: 'Collab bytes sent.', value: s.bytesOut },
      { type: 'histogram', name: 'kh_collab_ack_latency_seconds', help: 'From receiving an update to its log row committing.', histogram: s.ackLatency },
      { type: 'histogram', name: 'kh_collab_log_batch_rows', help: 'Rows per group-commit insert.', histogram: s.batchRows },
      { type: 'histogram', name: 'kh_collab_tick_updates', help: 'Updates merged into one fan-out message.', histogram: s.tickUpdates },
      { type: 'gauge', name: 'kh_collab_log_rows_pending', help: 'Updates waiting for their log insert.', value: this.collab.writer.pendingRows },
      {
        type: 'gauge',
        name: 'kh_collab_log_rows_uncompacted',
        help: 'Log rows of loaded entries not yet folded into their compacted state.',
        value: docs.reduce((n, d) => n + d.rowsSinceCompaction, 0),
      },
      { type: 'counter', name: 'kh_collab_log_insert_failures_total', help: 'Failed group-commit inserts (retried).', value: this.collab.writer.stats.failures },
      { type: 'gauge', name: 'kh_event_loop_lag_p99_seconds', help: 'Event-loop delay, 99th percentile since start.', value: this.loopDelay.percentile(99) / 1e9 },
      { type: 'gauge', name: 'kh_event_loop_lag_mean_seconds', help: 'Event-loop delay, mean since start.', value: this.loopDelay.mean / 1e9 },
      { type: 'gauge', name: 'process_resident_memory_bytes', help: 'Resident memory.', value: process.memoryUsage.rss() },
      ...this.heapMetrics(),
    ];
    return renderPrometheus(metrics);
  }

  private heapMetrics(): Metric[] {
    const m = process.memoryUsage();
    return [
      { type: 'gauge', name: 'nodejs_heap_used_bytes', help: 'V8 heap in use.', value: m.heapUsed },
      { type: 'gauge', name: 'nodejs_heap_total_bytes', help: 'V8 heap reserved.', value: m.heapTotal },
      { type: 'gauge', name: 'nodejs_external_memory_bytes', help: 'Memory of Buffers and other objects outside the V8 heap.', value: m.external },
    ];
  }
}
