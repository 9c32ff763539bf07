import { Logger } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import type { StoredDocument } from './stored-document';

/**
 * Folds a stored document (state plus log rows) into one compacted state.
 *
 * Compaction runs while the entry is being edited: done on the event loop,
 * folding 2,000 rows of a 400-editor entry blocked every connection of the
 * instance for 10–25 ms, every few seconds, which was most of the 99th
 * percentile of propagation. The merge therefore runs on a worker thread. If
 * the worker dies, the merges it held are done here; if it cannot start or
 * keeps dying, merging stays here, as before.
 */
export class StateMerger {
  private readonly logger = new Logger('StateMerger');
  private worker: Worker | null = null;
  /** Workers that died in a row; past MAX_WORKER_DEATHS merging stays on the main thread. */
  private workerDeaths = 0;
  private closed = false;
  private nextId = 1;
  private readonly jobs = new Map<number, { stored: StoredDocument; resolve: (state: Uint8Array) => void; reject: (err: Error) => void }>();

  merge(stored: StoredDocument): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error('the state merger is closed'));
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(mergeStoredDocument(stored));
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.jobs.set(id, { stored, resolve, reject });
      const { packed, ends } = pack(stored.updates);
      const state = stored.state && new Uint8Array(stored.state); // an exact copy: rows from pg are views into shared pool slabs
      // Moved, not cloned: 10,000 rows as one buffer cost the event loop one copy, not 10,000 clones.
      const moved = [packed.buffer, ends.buffer, ...(state ? [state.buffer] : [])] as ArrayBuffer[];
      worker.postMessage({ id, state, packed, ends }, moved);
    });
  }

  /** Stops the worker; merges still waiting fail (their compaction is retried by the next start: the log keeps every row). */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    for (const job of this.jobs.values()) job.reject(new Error('the state merger is closed'));
    this.jobs.clear();
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker | null {
    if (this.worker || this.workerDeaths >= MAX_WORKER_DEATHS) return this.worker;
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { yjs: require.resolve('yjs') } });
      worker.unref(); // never keeps the process alive
      worker.on('message', (msg: { id: number; state?: Uint8Array; error?: string }) => {
        const job = this.jobs.get(msg.id);
        this.jobs.delete(msg.id);
        if (!job) return;
        this.workerDeaths = 0;
        if (msg.state) job.resolve(msg.state);
        else job.reject(new Error(`merging in the worker failed: ${msg.error}`));
      });
      worker.on('error', (err) => this.onWorkerGone(worker, err));
      worker.on('messageerror', (err) => this.onWorkerGone(worker, err));
      worker.on('exit', (code) => this.onWorkerGone(worker, new Error(`worker exited with ${code}`)));
      this.worker = worker;
      return worker;
    } catch (err) {
      this.workerDeaths = MAX_WORKER_DEATHS;
      this.logger.warn(`compaction worker unavailable, merging on the main thread: ${(err as Error).message}`);
      return null;
    }
  }

  /** The merges it held are done here instead; the next merge starts a new worker, unless workers keep dying. */
  private onWorkerGone(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    void worker.terminate();
    if (++this.workerDeaths >= MAX_WORKER_DEATHS) this.logger.warn(`compaction worker keeps failing (${err.message}); merging on the main thread from now on`);
    const jobs = Array.from(this.jobs.values());
    this.jobs.clear();
    for (const job of jobs) {
      try {
        job.resolve(mergeStoredDocument(job.stored));
      } catch (mergeErr) {
        job.reject(mergeErr as Error);
      }
    }
  }
}

const MAX_WORKER_DEATHS = 3;

/** The updates copied end to end into one buffer, with where each one ends. */
function pack(updates: Uint8Array[]): { packed: Uint8Array; ends: Uint32Array } {
  const ends = new Uint32Array(updates.length);
  let total = 0;
  for (let i = 0; i < updates.length; i++) {
    total += updates[i].byteLength;
    ends[i] = total;
  }
  const packed = new Uint8Array(total);
  for (let i = 0; i < updates.length; i++) packed.set(updates[i], ends[i] - updates[i].byteLength);
  return { packed, ends };
}

/**
 * Applies a stored document (state, then the log rows) to `doc` in one Yjs
 * transaction. Row by row, every applyUpdate would be a transaction of its
 * own, and Yjs walks every client of the document at the start and end of
 * each: 2,000 rows of a 400-editor entry took about 100 ms that way, 11 ms so.
 */
export function applyStoredDocument(doc: Y.Doc, stored: StoredDocument, origin?: unknown): void {
  doc.transact(() => {
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  }, origin);
}

/** The compacted state of a stored document (what the worker computes). */
export function mergeStoredDocument(stored: StoredDocument): Uint8Array {
  const doc = new Y.Doc();
  try {
    applyStoredDocument(doc, stored);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

// The worker's program, the same merge as mergeStoredDocument, in plain
// JavaScript so that it runs from the compiled server and under the tests alike.
// It runs at the lowest CPU priority (setPriority on a worker sets its thread's
// alone, on Linux; elsewhere it would lower the whole process, event loop
// included, so it is not done there): where it shares a core with the event
// loop (a server pinned to one), editors' ticks come first.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjs);
if (process.platform === 'linux') { try { require('node:os').setPriority(19); } catch {} }
parentPort.on('message', ({ id, state, packed, ends }) => {
  const updates = [];
  for (let i = 0, start = 0; i < ends.length; start = ends[i++]) updates.push(packed.subarray(start, ends[i]));
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (state) Y.applyUpdate(doc, state);
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    const merged = Y.encodeStateAsUpdate(doc);
    parentPort.postMessage({ id, state: merged });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) });
  } finally {
    doc.destroy();
  }
});
`;
