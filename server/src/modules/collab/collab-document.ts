import type { CollabStats } from './collab-stats';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CollabConnection } from './collab-connection';
import {
  decodeAwarenessUpdate,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeSyncStep2,
  encodeUpdate,
  DocumentTooLargeError,
  MalformedUpdateError,
  type AwarenessEntry,
} from './collab-protocol';
import { addsNothingTo, dependsOnMissing, originsAreConsistent, type UpdateShape } from './update-shape';
import type { CollabRelay, RelayMessage } from './collab-relay';
import { OutgoingBatch } from './outgoing-frames';
import { PresenceOwners } from './presence-owners';
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
  /** Beyond this size (Yjs state bytes) the document takes no more edits. */
  maxDocumentBytes: number;
  /** The document's content changed (debounce on the receiving side). */
  onContentChanged(doc: CollabDocument): void;
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

/** Presence gone this long is forgotten (its clock too); peers time out states they stop hearing of after 30 s. */
const PRESENCE_FORGET_AFTER_MS = 60_000;

/** A document over its size cap is measured exactly at most this often. */
const SIZE_MEASURE_INTERVAL_MS = 1_000;

/** Up to this many senders in one tick each get a message without their own update. */
const MAX_ECHO_FREE_SENDERS_PER_TICK = 2;

function mergeAll(updates: PendingUpdate[]): Uint8Array {
  return updates.length === 1 ? updates[0].update : Y.mergeUpdates(updates.map((u) => u.update));
}

interface IncomingUpdate {
  conn: CollabConnection;
  update: Uint8Array;
  /** What the update touches (decoded completely when the frame arrived). */
  shape: UpdateShape;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Origin of a transaction that applied several connections' updates at once. */
const BATCH_ORIGIN = { batch: true };

/**
 * What became of one incoming update: applied (logged, then acknowledged),
 * unchanged (acknowledged, not logged), too large (refused: the sender
 * becomes read-only), invalid (refused before it touched anything) or failed
 * (Yjs threw while integrating it): the sender is closed as malformed.
 */
type Outcome = 'applied' | 'unchanged' | 'too-large' | 'invalid' | 'failed';

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
  /**
   * The document's size in bytes, from above: what was loaded plus every
   * update accepted since (repeats and compaction do not shrink it). Measured
   * exactly, at most once a second, only when it passes the cap.
   */
  approxBytes = 0;
  private sizeMeasuredAt = -Infinity;

  private pendingUpdates: PendingUpdate[] = [];
  private pendingAwareness = new Set<number>();
  /** Awareness client ids of this instance's connections that changed this tick: relayed to the other instances. */
  private pendingRelayedAwareness = new Set<number>();
  /** Who speaks for each awareness client id (only the owner may set or remove a state). */
  private readonly presence = new PresenceOwners();
  private tickTimer: NodeJS.Timeout | null = null;
  private awarenessTimer: NodeJS.Timeout | null = null;
  private readonly presenceSweep: NodeJS.Timeout;
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
    this.presenceSweep = setInterval(() => this.forgetGonePresence(), PRESENCE_FORGET_AFTER_MS);
    this.presenceSweep.unref();
  }

  /**
   * y-protocols keeps a clock for every awareness client id it ever saw, gone
   * ones included (so a late removal is not undone by an old state). Ids gone
   * for a while are forgotten: a connection that keeps inventing ids must not
   * grow the document's memory for as long as it stays loaded.
   */
  private forgetGonePresence(): void {
    const now = Date.now();
    for (const [clientId, meta] of this.awareness.meta) {
      if (!this.awareness.states.has(clientId) && now - meta.lastUpdated > PRESENCE_FORGET_AFTER_MS) this.awareness.meta.delete(clientId);
    }
  }

  /**
   * Applies an update a writer sent. Resolves once it is durably logged (or
   * changed nothing and everything received before it is logged): the moment
   * the sender may be acknowledged.
   *
   * Every update, empty ones included, goes through the same queue in arrival
   * order, so an ack never overtakes an edit that came earlier but is not yet
   * queued for the log (acks are cumulative).
   *
   * Updates arriving in one event-loop turn are applied in one Yjs
   * transaction: Yjs walks every client of the document at the start and end
   * of each transaction, which with hundreds of editors costs more than the
   * updates themselves. The log stores each update as received (Yjs ignores
   * what it already has when replaying), which also keeps an ack honest for
   * an update that waits in Yjs' pending store for a missing dependency.
   */
  applyFromConnection(conn: CollabConnection, update: Uint8Array, shape: UpdateShape): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.incoming.push({ conn, update, shape, resolve, reject });
      if (this.incoming.length === 1) setImmediate(this.applyIncoming);
    });
  }

  private readonly applyIncoming = (): void => {
    const batch = this.incoming;
    this.incoming = [];
    if (batch.length === 0) return;
    // One sender: its own update stays off its wire (see flush). Several: a shared origin.
    const origin = batch.every((b) => b.conn === batch[0].conn) ? batch[0].conn : BATCH_ORIGIN;
    const outcomes = new Map<IncomingUpdate, Outcome>();
    // A connection whose update was refused gets nothing after it applied or
    // acknowledged either (acks are cumulative): its later updates share the outcome.
    const stopped = new Map<CollabConnection, Outcome>();
    const applied = this.capture(origin, () =>
      this.doc.transact(() => {
        for (const item of batch) outcomes.set(item, stopped.get(item.conn) ?? this.applyOne(item, origin, stopped));
      }, origin),
    );
    let integrationFailed: IncomingUpdate | null = null;
    let unchanged = false;
    for (const item of batch) {
      const outcome = outcomes.get(item)!;
      if (outcome === 'applied') this.append(item.update, item.conn.user.id).then(item.resolve, item.reject);
      else if (outcome === 'unchanged') unchanged = true;
      else if (outcome === 'too-large') item.reject(new DocumentTooLargeError(`the document reached ${this.services.maxDocumentBytes} bytes`));
      else {
        if (outcome === 'failed') integrationFailed ??= item;
        item.reject(new MalformedUpdateError(outcome === 'failed' ? 'the update does not apply to this document' : 'the update is inconsistent with this document'));
      }
    }
    if (integrationFailed && applied) {
      // An update that decoded completely can still fail while Yjs integrates
      // it, after part of it went into the document. What the transaction
      // changed is logged as well, so the log still equals the live document
      // and replicas converge; it is attributed to the sender that failed.
      void this.append(applied, integrationFailed.conn.user.id);
    }
    // Updates that changed nothing are acknowledged once everything received before them is durable.
    if (unchanged) {
      const durable = this.services.log.barrier();
      for (const item of batch) if (outcomes.get(item) === 'unchanged') durable.then(item.resolve, item.reject);
    }
  };

  /** Checks one update against the document as the batch's earlier updates left it, and applies it if it passes. */
  private applyOne(item: IncomingUpdate, origin: object, stopped: Map<CollabConnection, Outcome>): Outcome {
    const outcome = this.checkAndApply(item, origin);
    if (outcome !== 'applied' && outcome !== 'unchanged') stopped.set(item.conn, outcome);
    return outcome;
  }

  private checkAndApply(item: IncomingUpdate, origin: object): Outcome {
    if (addsNothingTo(this.doc, item.shape)) return 'unchanged';
    if (dependsOnMissing(this.doc, item.shape) || !originsAreConsistent(this.doc, item.shape)) return 'invalid';
    if (this.wouldPassSizeCap(item.update.byteLength)) return 'too-large';
    this.approxBytes += item.update.byteLength;
    try {
      Y.applyUpdate(this.doc, item.update, origin);
      return 'applied';
    } catch {
      return 'failed';
    }
  }


  private wouldPassSizeCap(updateBytes: number): boolean {
    if (this.approxBytes + updateBytes <= this.services.maxDocumentBytes) return false;
    const now = performance.now();
    if (now - this.sizeMeasuredAt >= SIZE_MEASURE_INTERVAL_MS) {
      this.sizeMeasuredAt = now;
      this.approxBytes = Y.encodeStateAsUpdate(this.doc).byteLength;
    }
    return this.approxBytes + updateBytes > this.services.maxDocumentBytes;
  }

  /**
   * An edit made by the server on behalf of a user (e.g. restoring a revision):
   * a forward edit in one transaction, logged and broadcast like any other.
   * Resolves once durable.
   */
  applyServerEdit(userId: string, edit: (doc: Y.Doc) => void): Promise<void> {
    const origin = { serverEditBy: userId };
    const applied = this.capture(origin, () => this.doc.transact(() => edit(this.doc), origin));
    if (!applied) return this.services.log.barrier();
    this.approxBytes += applied.byteLength;
    return this.append(applied, userId);
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

  private append(update: Uint8Array, userId: string | null): Promise<void> {
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

  /** Applies the entries of an awareness update (already fully decoded, so it cannot half-apply) that `conn` may speak for (see PresenceOwners). */
  applyAwareness(conn: CollabConnection, entries: AwarenessEntry[]): void {
    this.services.stats.awareness++;
    const accepted = this.presence.accept(conn, entries, (clientId) => (this.awareness.getStates().get(clientId) as { user?: { userId?: unknown } } | undefined)?.user?.userId);
    if (accepted.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), conn);
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
    const ids = this.presence.localIds();
    if (ids.length === 0) return;
    this.services.relay.publish(this.entryId, { kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) });
  }

  /** Removes the presence another instance relayed (it stopped). */
  dropInstance(instanceId: string): void {
    const ids = this.presence.idsOf(instanceId);
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, FROM_ELSEWHERE);
  }

  private applyRemoteAwareness(from: string, entries: AwarenessEntry[]): void {
    // A client connected here is authoritative here: an instance it left may still relay its removal.
    const relevant = this.presence.acceptRelayed(from, entries);
    if (relevant.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(relevant), FROM_ELSEWHERE);
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

  /** A connection of this document became read-only. */
  onAccessChanged(conn: CollabConnection): void {
    if (this.connections.has(conn) && conn.access === 'read') this.writerCount--;
  }

  /** Removes a connection and the presence of every client it spoke for. */
  removeConnection(conn: CollabConnection): void {
    if (this.connections.delete(conn) && conn.access === 'write') this.writerCount--;
    if (conn.awarenessClientIds.size > 0) {
      const ids = Array.from(conn.awarenessClientIds);
      awarenessProtocol.removeAwarenessStates(this.awareness, ids, conn);
      for (const id of ids) this.presence.release(id); // also when a state was already gone
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
    clearInterval(this.presenceSweep);
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
    // Updates accepted here are counted before they apply (see checkAndApply); others' and the server's now.
    if (origin === FROM_ELSEWHERE) this.approxBytes += update.byteLength;
    // A transaction of Yjs' own on this document: after a remote change to formatted text, Yjs
    // deletes formatting marks it finds redundant. Those deletions are part of the live document
    // (peers get them in the tick), so they are logged too: otherwise a reload, which replays the
    // log in other transactions, could clean up differently and the live document and the log
    // would disagree. They are nobody's edit (no author).
    if (origin === null) void this.append(update, null);
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
    if (conn) for (const id of added.concat(updated)) this.presence.take(conn, id);
    for (const id of removed) this.presence.release(id);
    for (const ids of [added, updated, removed]) {
      for (const id of ids) {
        this.pendingAwareness.add(id);
        if (conn) this.pendingRelayedAwareness.add(id);
      }
    }
    this.scheduleAwarenessTick();
  };

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
}
