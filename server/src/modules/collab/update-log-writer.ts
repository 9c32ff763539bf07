import { Logger } from '@nestjs/common';
import type { CollabStats } from './collab-stats';
import type { LogRow } from './stored-document';
import type { UpdateLogRepository } from './update-log.repository';

interface Pending {
  /** null: a barrier, resolved once everything queued before it is stored. */
  row: LogRow | null;
  resolve: () => void;
  queuedAt: number;
}

const RETRY_MIN_MS = 50;
const RETRY_MAX_MS = 5_000;
const MAX_ROWS_PER_INSERT = 1_000;

/**
 * Group commit of the update log. Rows appended within `flushMs` of each
 * other go to Postgres in one INSERT; each append's promise resolves only
 * after that INSERT committed, and the engine acknowledges an edit only then,
 * so a crash never loses an acknowledged edit.
 *
 * Batches are written one at a time, in order, so promises resolve in append
 * order (acks are cumulative). A failed insert is retried with backoff and
 * nothing is acknowledged meanwhile: an outage delays acks, it loses nothing.
 */
export class UpdateLogWriter {
  private readonly logger = new Logger('UpdateLogWriter');
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private writing = false;
  private inFlightRows = 0;
  private retryMs = RETRY_MIN_MS;
  private idleWaiters: (() => void)[] = [];
  /** Figures for /metrics and the benchmark. */
  readonly stats = { batches: 0, rows: 0, failures: 0 };

  constructor(
    private readonly repo: UpdateLogRepository,
    private readonly flushMs: number,
    private readonly metrics?: CollabStats,
  ) {}

  append(row: LogRow): Promise<void> {
    return this.enqueue(row);
  }

  /** Resolves once everything appended before it is stored. */
  barrier(): Promise<void> {
    if (this.queue.length === 0 && !this.writing) return Promise.resolve();
    return this.enqueue(null);
  }

  /** Rows not yet committed: queued, or in the insert that is running. */
  get pendingRows(): number {
    return this.queue.length + this.inFlightRows;
  }

  /** Writes everything queued now, without waiting for the tick. */
  async drain(): Promise<void> {
    if (this.queue.length === 0 && !this.writing) return;
    await new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.schedule(0);
    });
  }

  private enqueue(row: LogRow | null): Promise<void> {
    return new Promise<void>((resolve) => {
      this.queue.push({ row, resolve, queuedAt: performance.now() });
      this.schedule(this.flushMs);
    });
  }

  private schedule(delayMs: number): void {
    if (this.writing) return; // the running write loop picks the queue up
    if (this.immediate || (this.timer && delayMs > 0)) return;
    this.cancelTimers();
    // 0: write at the end of this event-loop turn. Batching then comes from the
    // insert in flight: whatever arrives while it runs goes into the next one.
    if (delayMs === 0) this.immediate = setImmediate(() => void this.writeLoop());
    else this.timer = setTimeout(() => void this.writeLoop(), delayMs);
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  private async writeLoop(): Promise<void> {
    this.cancelTimers();
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        const rows = batch.flatMap((p) => (p.row ? [p.row] : []));
        this.inFlightRows = rows.length;
        try {
          await this.repo.appendRows(rows);
          this.retryMs = RETRY_MIN_MS;
        } catch (err) {
          this.stats.failures++;
          this.logger.error(`could not append ${rows.length} log rows, retrying in ${this.retryMs} ms: ${(err as Error).message}`);
          this.inFlightRows = 0;
          this.queue = batch.concat(this.queue);
          await new Promise((r) => setTimeout(r, this.retryMs));
          this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
          continue;
        }
        this.inFlightRows = 0;
        this.stats.batches++;
        this.stats.rows += rows.length;
        const now = performance.now();
        this.metrics?.batchRows.observe(rows.length);
        for (const p of batch) {
          if (p.row) this.metrics?.ackLatency.observe((now - p.queuedAt) / 1000);
          p.resolve();
        }
      }
    } finally {
      this.writing = false;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private takeBatch(): Pending[] {
    let rows = 0;
    let i = 0;
    for (; i < this.queue.length; i++) {
      if (this.queue[i].row && ++rows > MAX_ROWS_PER_INSERT) break;
    }
    return this.queue.splice(0, i);
  }
}
