import { Logger } from '@nestjs/common';
import { CollabDocument, type DocumentServices } from './collab-document';
import type { RelayMessage } from './collab-relay';
import type { StoredDocument } from './stored-document';
import type { UpdateLogRepository } from './update-log.repository';

/** After a stored document failed to apply, joins are refused this long before it is loaded again. */
export const BROKEN_RETRY_MS = 30_000;

/** A join of an entry whose stored document did not apply moments ago (see BROKEN_RETRY_MS). */
export class BrokenDocumentError extends Error {
  constructor(readonly entryId: string) {
    super(`the stored document of ${entryId} did not apply; it is loaded again after a pause`);
  }
}

/**
 * The open documents of this instance. A document is loaded from Postgres on
 * its first connection (joiners wait for the load, so nobody ever syncs with
 * an empty document) and, once its last connection has gone for
 * `unloadDelayMs`, flushed, compacted and dropped from memory.
 *
 * With other instances, a loaded document is subscribed to the entry's relay
 * channel from before its load until after its unload (see load), and the
 * relay's repairs land here: after a Redis outage or a crashed instance,
 * loaded documents re-read the log, which holds everything any instance
 * ever relayed.
 */
export class DocumentRegistry {
  private readonly logger = new Logger('DocumentRegistry');
  private readonly docs = new Map<string, CollabDocument>();
  /** Entries whose stored document did not apply, and until when their joins are refused. */
  private readonly brokenUntil = new Map<string, number>();
  private readonly loading = new Map<string, Promise<CollabDocument>>();
  private readonly closing = new Map<string, Promise<void>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly compacting = new Set<string>();
  private readonly unsubscribes = new Map<CollabDocument, () => Promise<void>>();

  constructor(
    private readonly repo: UpdateLogRepository,
    private readonly services: DocumentServices,
    private readonly options: { unloadDelayMs: number; compactEveryRows: number },
    private readonly beforeUnload: (doc: CollabDocument) => Promise<void>,
  ) {}

  get loadedCount(): number {
    return this.docs.size;
  }

  /** Entries in memory in any way: loaded, loading, or being flushed and compacted on their way out. */
  get residentCount(): number {
    return new Set([...this.docs.keys(), ...this.loading.keys(), ...this.closing.keys()]).size;
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
    const until = this.brokenUntil.get(entryId);
    if (until !== undefined) {
      if (Date.now() < until) throw new BrokenDocumentError(entryId);
      this.brokenUntil.delete(entryId);
    }
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

  /** The relay reconnected after an outage: catch up from the log, ask the others to, exchange presence. */
  onRelayReconnected(): void {
    for (const doc of this.all()) {
      void this.reloadFromLog(doc);
      this.services.relay.publish(doc.entryId, { kind: 'resync' });
      doc.publishOwnAwareness();
    }
  }

  /** Another instance stopped: drop the presence it relayed; if it crashed, catch up on what it logged but never relayed. */
  onPeerGone(instanceId: string, crashed: boolean): void {
    for (const doc of this.all()) {
      doc.dropInstance(instanceId);
      if (crashed) void this.reloadFromLog(doc);
    }
  }

  /**
   * Subscribe before load: the relay subscription is confirmed *before* the
   * log is read, and what arrives meanwhile is applied after the stored state.
   * An update is relayed only after its log insert committed (see
   * CollabDocument.append), so any update is either relayed after we
   * subscribed (we get the message) or committed before we read (we get the
   * row): nothing falls in between. Duplicates are harmless to Yjs.
   */
  private async load(entryId: string): Promise<CollabDocument> {
    const early: [string, RelayMessage][] = [];
    let loaded: CollabDocument | null = null;
    const unsubscribe = await this.services.relay.subscribe(entryId, (from, message) => {
      if (loaded) this.onRelayMessage(loaded, from, message);
      else early.push([from, message]);
    });
    let stored: StoredDocument;
    try {
      stored = await this.repo.load(entryId);
    } catch (err) {
      await unsubscribe();
      throw err;
    }
    const doc = CollabDocument.fromStored(entryId, stored, this.services);
    doc.onBroken = (err) => {
      this.logger.error(`the stored document of ${entryId} does not apply: ${err.message}`);
      if (this.docs.get(entryId) !== doc) return;
      // Joins are refused for a while, then the next one loads it again (a repair may have happened meanwhile):
      // not a reload per reconnect of every client that was on it.
      this.brokenUntil.set(entryId, Date.now() + BROKEN_RETRY_MS);
      this.docs.delete(entryId);
      this.unsubscribes.delete(doc);
      void unsubscribe().finally(() => doc.destroy());
    };
    doc.rowsSinceCompaction = stored.updates.length;
    doc.approxBytes = (stored.state?.byteLength ?? 0) + stored.updates.reduce((sum, u) => sum + u.byteLength, 0);
    this.unsubscribes.set(doc, unsubscribe);
    this.docs.set(entryId, doc);
    for (const [from, message] of early) this.onRelayMessage(doc, from, message);
    loaded = doc;
    this.services.relay.publish(entryId, { kind: 'query-awareness' }); // who is editing elsewhere
    return doc;
  }

  private onRelayMessage(doc: CollabDocument, from: string, message: RelayMessage): void {
    try {
      if (message.kind !== 'resync') return doc.applyRemote(from, message);
      void this.reloadFromLog(doc);
      doc.publishOwnAwareness();
    } catch (err) {
      // Another instance's bug must not take this document down: drop the message, the log still has the truth.
      this.logger.error(`applying a relayed ${message.kind} on ${doc.entryId}: ${(err as Error).stack ?? err}`);
    }
  }

  private async reloadFromLog(doc: CollabDocument): Promise<void> {
    try {
      const stored = await this.repo.load(doc.entryId);
      if (this.docs.get(doc.entryId) === doc) doc.applyStored(stored);
    } catch (err) {
      this.logger.error(`reloading ${doc.entryId} from the log: ${(err as Error).message}`);
    }
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
        await this.unsubscribes.get(doc)?.();
        this.unsubscribes.delete(doc);
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
