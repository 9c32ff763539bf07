import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { CollabConnection } from './collab-connection';
import { encodeAwareness, encodeUpdate, type AwarenessEntry } from './collab-protocol';
import type { UpdateLogWriter } from './update-log-writer';

export interface DocumentServices {
  log: UpdateLogWriter;
  tickMs: number;
  /** The document's content changed (debounce on the receiving side). */
  onContentChanged(doc: CollabDocument): void;
  recordContributor(entryId: string, clientId: number, userId: string): void;
}

interface PendingUpdate {
  update: Uint8Array;
  origin: unknown;
}

/**
 * One loaded entry: its Y.Doc, its awareness and the connections editing it.
 *
 * Fan-out is batched: document updates and awareness changes that arrive
 * within one tick are merged and encoded once, then the same bytes go to
 * every peer. A sender does not get its own update back: a connection that
 * contributed to the tick gets a merge of the others' updates instead.
 */
export class CollabDocument {
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<CollabConnection>();
  /** Log rows appended since the last compaction. */
  rowsSinceCompaction = 0;

  private pendingUpdates: PendingUpdate[] = [];
  private pendingAwareness = new Set<number>();
  private tickTimer: NodeJS.Timeout | null = null;
  /** What applying one connection's update changed (Yjs reports it through the 'update' event). */
  private capturing: object | null = null;
  private captured: Uint8Array | null = null;

  constructor(
    readonly entryId: string,
    readonly doc: Y.Doc,
    private readonly services: DocumentServices,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null); // the server itself has no presence
    doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /**
   * Applies an update a writer sent. Resolves once it is durably logged (or
   * carried nothing new and everything before it is logged): the moment the
   * sender may be acknowledged.
   */
  applyFromConnection(conn: CollabConnection, update: Uint8Array): Promise<void> {
    const applied = this.capture(conn, () => Y.applyUpdate(this.doc, update, conn));
    // Structs whose dependencies have not arrived wait in Yjs' pending store and
    // are not in `applied`: store the update as received too, so that its ack
    // stays honest (replaying it later is harmless: Yjs ignores what it has).
    const pending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    if (applied) this.noteContributors(conn, applied);
    if (pending) return this.append(applied ? Y.mergeUpdates([applied, update]) : update, conn.user.id);
    return applied ? this.append(applied, conn.user.id) : this.services.log.barrier();
  }

  /**
   * An edit made by the server on behalf of a user (e.g. restoring a revision):
   * a forward edit in one transaction, logged and broadcast like any other.
   * Resolves once durable.
   */
  applyServerEdit(userId: string, edit: (doc: Y.Doc) => void): Promise<void> {
    const origin = { serverEditBy: userId };
    const applied = this.capture(origin, () => this.doc.transact(() => edit(this.doc), origin));
    return applied ? this.append(applied, userId) : this.services.log.barrier();
  }

  private capture(origin: object, apply: () => void): Uint8Array | null {
    this.capturing = origin;
    this.captured = null;
    try {
      apply();
    } finally {
      this.capturing = null;
    }
    const applied = this.captured as Uint8Array | null;
    this.captured = null;
    return applied;
  }

  private append(update: Uint8Array, userId: string): Promise<void> {
    this.rowsSinceCompaction++;
    return this.services.log.append({ entryId: this.entryId, update, userId });
  }

  /** Applies an awareness update (already fully decoded, so it cannot half-apply). */
  applyAwareness(conn: CollabConnection, update: Uint8Array, entries: AwarenessEntry[]): void {
    for (const e of entries) {
      if (e.state === null) conn.awarenessClientIds.delete(e.clientId);
      else conn.awarenessClientIds.add(e.clientId);
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
  }

  fullAwareness(): Uint8Array | null {
    const ids = Array.from(this.awareness.getStates().keys());
    if (ids.length === 0) return null;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  addConnection(conn: CollabConnection): void {
    this.connections.add(conn);
  }

  /** Removes a connection and the presence of every client it spoke for. */
  removeConnection(conn: CollabConnection): void {
    this.connections.delete(conn);
    if (conn.awarenessClientIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(conn.awarenessClientIds), null);
      conn.awarenessClientIds.clear();
    }
  }

  /** Sends whatever the current tick holds right away (shutdown, tests). */
  flushTick(): void {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.tickTimer = null;
    this.broadcastUpdates();
    this.broadcastAwareness();
  }

  destroy(): void {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.tickTimer = null;
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== null && origin === this.capturing) this.captured = this.captured ? Y.mergeUpdates([this.captured, update]) : update;
    this.pendingUpdates.push({ update, origin });
    this.scheduleTick();
    this.services.onContentChanged(this);
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
  ) => {
    for (const id of added) this.pendingAwareness.add(id);
    for (const id of updated) this.pendingAwareness.add(id);
    for (const id of removed) this.pendingAwareness.add(id);
    this.scheduleTick();
  };

  private scheduleTick(): void {
    if (this.tickTimer) return;
    this.tickTimer = setTimeout(() => {
      this.tickTimer = null;
      this.broadcastUpdates();
      this.broadcastAwareness();
    }, this.services.tickMs);
  }

  private broadcastUpdates(): void {
    const pending = this.pendingUpdates;
    if (pending.length === 0) return;
    this.pendingUpdates = [];
    const everyone = encodeUpdate(pending.length === 1 ? pending[0].update : Y.mergeUpdates(pending.map((p) => p.update)));
    const senders = new Set(pending.map((p) => p.origin));
    for (const conn of this.connections) {
      if (!senders.has(conn)) {
        conn.send(everyone);
        continue;
      }
      const others = pending.filter((p) => p.origin !== conn);
      if (others.length > 0) conn.send(encodeUpdate(others.length === 1 ? others[0].update : Y.mergeUpdates(others.map((p) => p.update))));
    }
  }

  private broadcastAwareness(): void {
    if (this.pendingAwareness.size === 0) return;
    const ids = Array.from(this.pendingAwareness);
    this.pendingAwareness.clear();
    const message = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
    for (const conn of this.connections) conn.send(message);
  }

  private noteContributors(conn: CollabConnection, update: Uint8Array): void {
    for (const clientId of Y.parseUpdateMeta(update).from.keys()) {
      if (conn.contributorClientIds.has(clientId)) continue;
      conn.contributorClientIds.add(clientId);
      this.services.recordContributor(this.entryId, clientId, conn.user.id);
    }
  }
}
