import type { CollabStats } from './collab-stats';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CollabConnection } from './collab-connection';
import { decodeAwarenessUpdate, encodeAwareness, encodeAwarenessEntries, encodeSyncStep2, encodeUpdate, type AwarenessEntry } from './collab-protocol';
import type { CollabRelay, RelayMessage } from './collab-relay';
import { OutgoingBatch } from './outgoing-frames';
import type { UpdateLogWriter } from './update-log-writer';
import { applyStoredDocument } from './state-merger';
import type { StoredDocument } from './update-log.repository';

export interface DocumentServices {
  log: UpdateLogWriter;
  stats: CollabStats;
  tickMs: number;
  awarenessTickMs: number;
  /** The share of time this entry's fan-out may take (see AppConfig.collab.fanoutShare). */
  fanoutShare: number;
  /** The document's content changed (debounce on the receiving side). */
  onContentChanged(doc: CollabDocument): void;
  recordContributor(entryId: string, clientId: number, userId: string): void;
  /** The other instances (a no-op relay when there are none). */
  relay: CollabRelay;
}

/**
 * Origin of what came from another instance or from the log: broadcast to
 * this instance's peers like anything else, but never appended to the log
 * (the instance that accepted it did that) and never relayed back.
 */
const FROM_ELSEWHERE = Symbol('from another instance or the log');

/** However costly fan-out gets, a tick waits no longer than this (one slow tick must not stretch the next ones far). */
const MAX_TICK_DELAY_MS = 100;

/** Up to this many senders in one tick each get a message without their own update. */
const MAX_ECHO_FREE_SENDERS_PER_TICK = 2;

function mergeAll(updates: PendingUpdate[]): Uint8Array {
  return updates.length === 1 ? updates[0].update : Y.mergeUpdates(updates.map((u) => u.update));
}

interface IncomingUpdate {
  conn: CollabConnection;
  update: Uint8Array;
  /** The Yjs clients whose structs it carries (read when the frame was decoded). */
  clientIds: number[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Origin of a transaction that applied several connections' updates at once. */
const BATCH_ORIGIN = { batch: true };

/** An update with no structs and no deletions (a sync step 2 of a client that had nothing new). */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
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
 *
 * With other instances (see collab-relay.ts) the document also publishes what
 * it accepts and applies what they accepted: their updates and their
 * connections' awareness reach this instance's peers in the normal tick.
 */
export class CollabDocument {
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<CollabConnection>();
  /** Log rows appended since the last compaction. */
  rowsSinceCompaction = 0;

  private pendingUpdates: PendingUpdate[] = [];
  private pendingAwareness = new Set<number>();
  /** Awareness client ids of this instance's connections that changed this tick: relayed to the other instances. */
  private pendingRelayedAwareness = new Set<number>();
  /** Awareness client id → the instance that relayed it, to drop its presence when that instance goes. */
  private readonly remoteClients = new Map<number, string>();
  private tickTimer: NodeJS.Timeout | null = null;
  private awarenessTimer: NodeJS.Timeout | null = null;
  /** What applying one connection's update changed (Yjs reports it through the 'update' event). */
  private capturing: object | null = null;
  private captured: Uint8Array | null = null;
  private fullStateStep2: Uint8Array | null = null;
  /** Moving average of what one tick's fan-out costs (ms), which sets how long the next tick waits. */
  private fanoutMs = 0;
  /** Updates received this event-loop turn, applied together by applyIncoming. */
  private incoming: IncomingUpdate[] = [];

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
   * carried nothing and everything before it is logged): the moment the
   * sender may be acknowledged.
   *
   * Updates arriving in one event-loop turn are applied in one Yjs
   * transaction: Yjs walks every client of the document at the start and end
   * of each transaction, which with hundreds of editors costs more than the
   * updates themselves. The log stores each update as received (Yjs ignores
   * what it already has when replaying), which also keeps an ack honest for
   * an update that waits in Yjs' pending store for a missing dependency.
   */
  applyFromConnection(conn: CollabConnection, update: Uint8Array, clientIds: number[]): Promise<void> {
    if (isEmptyUpdate(update)) return this.services.log.barrier();
    return new Promise<void>((resolve, reject) => {
      this.incoming.push({ conn, update, clientIds, resolve, reject });
      if (this.incoming.length === 1) setImmediate(this.applyIncoming);
    });
  }

  private readonly applyIncoming = (): void => {
    const batch = this.incoming;
    this.incoming = [];
    if (batch.length === 0) return;
    // One sender: its own update stays off its wire (see flush). Several: a shared origin.
    const origin = batch.every((b) => b.conn === batch[0].conn) ? batch[0].conn : BATCH_ORIGIN;
    const failed = new Set<IncomingUpdate>();
    this.doc.transact(() => {
      for (const item of batch) {
        try {
          Y.applyUpdate(this.doc, item.update, origin);
        } catch (err) {
          failed.add(item);
          item.reject(err);
        }
      }
    }, origin);
    for (const item of batch) {
      if (failed.has(item)) continue;
      this.noteContributors(item.conn, item.clientIds);
      this.append(item.update, item.conn.user.id).then(item.resolve, item.reject);
    }
  };

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
    this.services.stats.updates++;
    const durable = this.services.log.append({ entryId: this.entryId, update, userId });
    // Relayed only once it is in the log: another instance then never holds an edit the log lacks, so
    // it need not log it again, and a crash here cannot leave the others with an edit stored nowhere.
    // It also makes loading safe (CollabDocuments.load): whatever was published before a loader
    // subscribed is already in the log it reads next. The price, one group commit (a few ms), is paid
    // only by the other instances' editors; this instance's peers get the update in the next tick.
    void durable.then(() => this.services.relay.publish(this.entryId, { kind: 'update', update }));
    return durable;
  }

  /**
   * Applies an awareness update (already fully decoded, so it cannot half-apply).
   * Which clients a connection speaks for is learnt from what the update
   * changed (onAwarenessUpdate), not from what it lists: stock providers echo
   * every state they receive, others' included, at the clock they got it.
   */
  applyAwareness(conn: CollabConnection, update: Uint8Array): void {
    this.services.stats.awareness++;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
  }

  /** Applies what another instance relayed (the 'resync' request is the caller's: it needs the log). */
  applyRemote(from: string, message: Exclude<RelayMessage, { kind: 'resync' }>): void {
    switch (message.kind) {
      case 'update':
        Y.applyUpdate(this.doc, message.update, FROM_ELSEWHERE);
        return;
      case 'awareness':
        this.applyRemoteAwareness(from, decodeAwarenessUpdate(message.update));
        return;
      case 'query-awareness':
        this.publishOwnAwareness();
        return;
    }
  }

  /** Applies the stored document (a repair after missed relay messages); only what is new changes anything. */
  applyStored(stored: StoredDocument): void {
    applyStoredDocument(this.doc, stored, FROM_ELSEWHERE);
  }

  /** Publishes the presence of this instance's connections (for an instance that just loaded or reconnected). */
  publishOwnAwareness(): void {
    const ids = Array.from(this.connections).flatMap((c) => Array.from(c.awarenessClientIds));
    if (ids.length === 0) return;
    this.services.relay.publish(this.entryId, { kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) });
  }

  /** Removes the presence another instance relayed (it stopped). */
  dropInstance(instanceId: string): void {
    const ids = Array.from(this.remoteClients).flatMap(([clientId, from]) => (from === instanceId ? [clientId] : []));
    for (const id of ids) this.remoteClients.delete(id);
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, FROM_ELSEWHERE);
  }

  private applyRemoteAwareness(from: string, entries: AwarenessEntry[]): void {
    // A client connected here is authoritative here: an instance it left may still relay its removal.
    const relevant = entries.filter((e) => !this.isOwnClient(e.clientId));
    if (relevant.length === 0) return;
    for (const e of relevant) {
      if (e.state === null) this.remoteClients.delete(e.clientId);
      else this.remoteClients.set(e.clientId, from);
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(relevant), FROM_ELSEWHERE);
  }

  private isOwnClient(clientId: number): boolean {
    for (const conn of this.connections) if (conn.awarenessClientIds.has(clientId)) return true;
    return false;
  }

  /** The presence of every client this document has known, those gone as removals: for a client that missed ticks. */
  awarenessCatchUp(): Uint8Array {
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, Array.from(this.awareness.meta.keys())));
  }

  fullAwareness(): Uint8Array | null {
    const ids = Array.from(this.awareness.getStates().keys());
    if (ids.length === 0) return null;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  get stats(): CollabStats {
    return this.services.stats;
  }

  /** Connections that may write (the cap MAX_EDITORS_PER_ENTRY counts these). */
  writerCount = 0;

  addConnection(conn: CollabConnection): void {
    this.connections.add(conn);
    if (conn.access === 'write') this.writerCount++;
  }

  /** Removes a connection and the presence of every client it spoke for. */
  removeConnection(conn: CollabConnection): void {
    if (this.connections.delete(conn) && conn.access === 'write') this.writerCount--;
    if (conn.awarenessClientIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(conn.awarenessClientIds), conn);
      conn.awarenessClientIds.clear();
    }
  }

  /** Sends whatever the current tick holds right away (shutdown, tests). */
  flushTick(): void {
    this.flush();
  }

  private clearTimers(): void {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.tickTimer = null;
    this.awarenessTimer = null;
  }

  destroy(): void {
    this.clearTimers();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /**
   * The answer to a sync step 1 from a client that has nothing (an empty state
   * vector): the whole document. Encoded once and reused until the next change,
   * so a crowd opening a large entry at once costs one encoding, not one each.
   */
  syncStep2For(stateVector: Uint8Array): Uint8Array {
    if (stateVector.byteLength !== 1 || stateVector[0] !== 0) return encodeSyncStep2(this.doc, stateVector);
    const message = this.fullStateStep2 ?? encodeSyncStep2(this.doc, stateVector);
    this.fullStateStep2 = message;
    return message;
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    this.fullStateStep2 = null;
    if (origin !== null && origin === this.capturing) this.captured = this.captured ? Y.mergeUpdates([this.captured, update]) : update;
    this.pendingUpdates.push({ update, origin });
    this.scheduleTick();
    this.services.onContentChanged(this);
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    // Changes our connections made are relayed; what others relayed, and timeouts, are not.
    const conn = origin instanceof CollabConnection ? origin : null;
    if (conn) {
      for (const id of added.concat(updated)) this.takeOwnership(conn, id);
      for (const id of removed) conn.awarenessClientIds.delete(id);
    }
    for (const ids of [added, updated, removed]) {
      for (const id of ids) {
        this.pendingAwareness.add(id);
        if (conn) this.pendingRelayedAwareness.add(id);
      }
    }
    this.scheduleAwarenessTick();
  };

  /** `conn` now speaks for this awareness client (it may have come from another connection or instance). */
  private takeOwnership(conn: CollabConnection, clientId: number): void {
    if (conn.awarenessClientIds.has(clientId)) return;
    for (const other of this.connections) other.awarenessClientIds.delete(clientId);
    this.remoteClients.delete(clientId);
    conn.awarenessClientIds.add(clientId);
  }

  /**
   * A tick lasts `tickMs`, or longer when fanning out costs more: at least the
   * fan-out's cost divided by `fanoutShare`. Each tick costs one socket write
   * per peer, so an entry with 400 editors ticks about half as often as one
   * with 200, and the time spent fanning out stays a bounded share of the
   * core however many join. Latency grows with the crowd, slowly: the cost of
   * a write is a few microseconds.
   */
  private scheduleTick(): void {
    if (this.tickTimer) return;
    this.tickTimer = setTimeout(this.flush, this.tickDelayMs);
  }

  /** How long the next tick collects updates before fanning them out. */
  get tickDelayMs(): number {
    return Math.min(MAX_TICK_DELAY_MS, Math.max(this.services.tickMs, this.fanoutMs / this.services.fanoutShare));
  }

  /**
   * Awareness (cursors, presence) has a slower tick of its own: every peer gets
   * one message per tick however many editors moved, which keeps presence from
   * costing N² frames. While edits flow, pending awareness rides along with the
   * update tick instead, in the same socket write.
   */
  private scheduleAwarenessTick(): void {
    if (this.awarenessTimer) return;
    this.awarenessTimer = setTimeout(this.flush, this.services.awarenessTickMs);
  }

  /**
   * One tick: the updates and the awareness changes pending, each merged and
   * encoded once, framed once, and written to every peer in one socket write.
   */
  private readonly flush = (): void => {
    this.clearTimers();
    const pending = this.pendingUpdates;
    this.pendingUpdates = [];
    const awareness = this.takeAwareness();
    if (pending.length === 0) {
      if (awareness) this.sendToAll(new OutgoingBatch([awareness]));
      return;
    }
    this.services.stats.tickUpdates.observe(pending.length);
    const started = performance.now();
    this.fanOutUpdates(pending, awareness);
    this.fanoutMs += (performance.now() - started - this.fanoutMs) * 0.2;
  };

  private fanOutUpdates(pending: PendingUpdate[], awareness: Uint8Array | null): void {
    const batchOf = (update: Uint8Array | null) => new OutgoingBatch([update, awareness].filter((m) => m !== null));
    const everyone = batchOf(encodeUpdate(mergeAll(pending)));
    const senders = new Set(pending.map((p) => p.origin));
    // Leaving a sender's own update out costs one merge per sender; beyond a
    // few senders per tick that grows quadratically, so senders then get the
    // common message, echo included (Yjs ignores what it already has).
    if (senders.size > MAX_ECHO_FREE_SENDERS_PER_TICK) {
      this.sendToAll(everyone);
      return;
    }
    for (const conn of this.connections) {
      if (!senders.has(conn)) {
        conn.sendBatch(everyone);
        continue;
      }
      const others = pending.filter((p) => p.origin !== conn);
      if (others.length > 0) conn.sendBatch(batchOf(encodeUpdate(mergeAll(others))));
      else if (awareness) conn.sendBatch(batchOf(null));
    }
  }

  private sendToAll(batch: OutgoingBatch): void {
    for (const conn of this.connections) conn.sendBatch(batch);
  }

  /** The awareness message of this tick (null: nothing changed); relays this instance's changes to the others. */
  private takeAwareness(): Uint8Array | null {
    if (this.pendingRelayedAwareness.size > 0) {
      const ids = Array.from(this.pendingRelayedAwareness);
      this.pendingRelayedAwareness.clear();
      this.services.relay.publish(this.entryId, { kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) });
    }
    if (this.pendingAwareness.size === 0) return null;
    const ids = Array.from(this.pendingAwareness);
    this.pendingAwareness.clear();
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  private noteContributors(conn: CollabConnection, clientIds: number[]): void {
    for (const clientId of clientIds) {
      if (conn.contributorClientIds.has(clientId)) continue;
      conn.contributorClientIds.add(clientId);
      this.services.recordContributor(this.entryId, clientId, conn.user.id);
    }
  }
}
