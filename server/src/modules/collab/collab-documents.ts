import { Logger } from '@nestjs/common';
import * as Y from 'yjs';
import { CollabDocument, type DocumentServices } from './collab-document';
import type { UpdateLogRepository } from './update-log.repository';

/**
 * The open documents of this instance. A document is loaded from Postgres on
 * its first connection (joiners wait for the load, so nobody ever syncs with
 * an empty document) and, once its last connection has gone for
 * `unloadDelayMs`, flushed, compacted and dropped from memory.
 */
export class CollabDocuments {
  private readonly logger = new Logger('CollabDocuments');
  private readonly docs = new Map<string, CollabDocument>();
  private readonly loading = new Map<string, Promise<CollabDocument>>();
  private readonly closing = new Map<string, Promise<void>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly compacting = new Set<string>();

  constructor(
    private readonly repo: UpdateLogRepository,
    private readonly services: DocumentServices,
    private readonly options: { unloadDelayMs: number; compactEveryRows: number },
    private readonly beforeUnload: (doc: CollabDocument) => Promise<void>,
  ) {}

  get loadedCount(): number {
    return this.docs.size;
  }

  loaded(entryId: string): CollabDocument | undefined {
    return this.docs.get(entryId);
  }

  /** True while the document is loaded, loading or still being flushed and compacted on its way out. */
  isResident(entryId: string): boolean {
    return this.docs.has(entryId) || this.loading.has(entryId) || this.closing.has(entryId);
  }

  all(): CollabDocument[] {
    return Array.from(this.docs.values());
  }

  async acquire(entryId: string): Promise<CollabDocument> {
    this.cancelUnload(entryId);
    for (;;) {
      const closing = this.closing.get(entryId);
      if (!closing) break;
      await closing;
    }
    const doc = this.docs.get(entryId);
    if (doc) return doc;
    let loading = this.loading.get(entryId);
    if (!loading) {
      loading = this.load(entryId).finally(() => this.loading.delete(entryId));
      this.loading.set(entryId, loading);
    }
    return loading;
  }

  /** Called when a connection left (or never joined): unload later if nobody is left. */
  release(doc: CollabDocument): void {
    if (doc.connections.size > 0 || this.docs.get(doc.entryId) !== doc) return;
    this.cancelUnload(doc.entryId);
    this.unloadTimers.set(
      doc.entryId,
      setTimeout(() => {
        this.unloadTimers.delete(doc.entryId);
        if (doc.connections.size === 0) void this.unload(doc);
      }, this.options.unloadDelayMs),
    );
  }

  /** Compacts in the background once enough log rows piled up for a loaded document. */
  maybeCompact(doc: CollabDocument): void {
    if (doc.rowsSinceCompaction < this.options.compactEveryRows || this.compacting.has(doc.entryId)) return;
    doc.rowsSinceCompaction = 0;
    this.compacting.add(doc.entryId);
    this.services.log
      .barrier()
      .then(() => this.repo.compact(doc.entryId))
      .catch((err) => this.logger.error(`compaction of ${doc.entryId} failed: ${(err as Error).message}`))
      .finally(() => this.compacting.delete(doc.entryId));
  }

  async unloadAll(): Promise<void> {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    await Promise.all(this.all().map((doc) => this.unload(doc)));
    await Promise.all(this.closing.values());
  }

  private async load(entryId: string): Promise<CollabDocument> {
    const stored = await this.repo.load(entryId);
    const ydoc = new Y.Doc();
    ydoc.transact(() => {
      if (stored.state) Y.applyUpdate(ydoc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(ydoc, update);
    });
    const doc = new CollabDocument(entryId, ydoc, this.services);
    doc.rowsSinceCompaction = stored.updates.length;
    this.docs.set(entryId, doc);
    return doc;
  }

  private unload(doc: CollabDocument): Promise<void> {
    if (this.docs.get(doc.entryId) !== doc) return this.closing.get(doc.entryId) ?? Promise.resolve();
    this.docs.delete(doc.entryId);
    const done = (async () => {
      try {
        doc.flushTick();
        await this.beforeUnload(doc);
        await this.services.log.barrier();
        while (this.compacting.has(doc.entryId)) await new Promise((r) => setTimeout(r, 10));
        await this.repo.compact(doc.entryId);
      } catch (err) {
        this.logger.error(`unloading ${doc.entryId}: ${(err as Error).message} (the log keeps every update)`);
      } finally {
        doc.destroy();
        this.closing.delete(doc.entryId);
      }
    })();
    this.closing.set(doc.entryId, done);
    return done;
  }

  private cancelUnload(entryId: string): void {
    const timer = this.unloadTimers.get(entryId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(entryId);
  }
}
