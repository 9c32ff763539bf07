import { Logger } from '@nestjs/common';
import type { CollabStats } from './collab-stats';
import * as Y from 'yjs';
import { CLOSE_INTERNAL_ERROR, DOC_META, META_TEXT_FIELDS } from '@knowledge-hub/shared';
import { AwarenessTracker } from './awareness-tracker';
import type { CollabConnection } from './collab-connection';
import { decodeAwarenessUpdate, encodeSyncStep1, encodeSyncStep2, DocumentTooLargeError, MalformedUpdateError, type AwarenessEntry } from './collab-protocol';
import { FullStateAnswer } from './full-state-answer';
import { addsNothingTo, dependsOnMissing, originsAreConsistent, replacesProtectedEntries, type UpdateShape } from './update-shape';
import { FROM_ELSEWHERE, type CollabRelay, type RelayMessage } from './collab-relay';
import { ClientWriters, WRITTEN_ELSEWHERE, writerOfOrigin } from './client-writers';
import { FanOut, type PendingUpdate } from './fan-out';
import type { UpdateLogWriter } from './update-log-writer';
import { applyStoredDocument } from './state-merger';
import type { StoredDocument } from './stored-document';
import { TickScheduler } from './tick-scheduler';

const logger = new Logger('CollabDocument');

export interface DocumentServices {
  log: UpdateLogWriter;
  stats: CollabStats;
  tickMs: number;
  awarenessTickMs: number;
  /** How much longer than tickMs ticks are while the process is busy (see LoopLoad). */
  load: { readonly stretch: number };
  /** Beyond this size (Yjs state bytes) the document takes no more edits. */
  maxDocumentBytes: number;
  /** The document's content changed (debounce on the receiving side). */
  onContentChanged(doc: CollabDocument): void;
  /** The other instances (a no-op relay when there are none). */
  relay: CollabRelay;
}

/** A document over its size cap is measured exactly at most this often. */
const SIZE_MEASURE_INTERVAL_MS = 1_000;

/** A document loaded from Postgres is integrated at the latest this long after loading (see fromStored). */
const INTEGRATE_WITHIN_MS = 20;

/** The whole-document answer for a client that has nothing (an empty state vector). */
const isEmptyStateVector = (sv: Uint8Array) => sv.byteLength === 1 && sv[0] === 0;

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

/**
 * One loaded entry: its Y.Doc, the connections editing it, and the batching
 * between them: updates are checked and applied (one Yjs transaction per
 * event-loop turn), logged, and fanned out once per tick.
 *
 * Fan-out is batched: document updates and awareness changes that arrive
 * within one tick (see TickScheduler) are merged and encoded once, then the
 * same bytes go to every peer (see FanOut). Presence is the AwarenessTracker's.
 *
 * With other instances (see collab-relay.ts) the document also publishes what
 * it accepts and applies what they accepted: their updates and their
 * connections' awareness reach this instance's peers in the normal tick.
 */
export class CollabDocument {
  readonly connections = new Set<CollabConnection>();
  /** Who wrote which structs since the document was loaded (the actor of a body mention, see body-mentions.ts). */
  readonly writers = new ClientWriters();
  private readonly fanOut = new FanOut();
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
  private readonly presence: AwarenessTracker;
  private readonly ticks: TickScheduler;
  /** What applying one connection's update changed (Yjs reports it through the 'update' event). */
  private capturing: object | null = null;
  private captured: Uint8Array | null = null;
  /** What a client that has nothing is sent (see FullStateAnswer). */
  private readonly fullState: FullStateAnswer;
  /** Set while the stored document is not yet applied to `ydoc` (see fromStored). */
  private unintegrated: StoredDocument | null = null;
  private integrateTimer: NodeJS.Timeout | null = null;
  private readonly ydoc: Y.Doc;
  /** Updates received this event-loop turn, applied together by applyIncoming. */
  private incoming: IncomingUpdate[] = [];

  /** `stored`: the content of `doc` as stored, for the first answers before `doc` is integrated (see fromStored). */
  constructor(
    readonly entryId: string,
    doc: Y.Doc,
    private readonly services: DocumentServices,
    stored?: StoredDocument,
  ) {
    this.ydoc = doc;
    this.fullState = stored ? new FullStateAnswer(stored.state ?? Uint8Array.of(0, 0), stored.updates) : new FullStateAnswer();
    this.ticks = new TickScheduler(services, this.flush);
    this.presence = new AwarenessTracker(doc, entryId, services.relay, () => this.ticks.awarenessPending());
    doc.on('update', this.onDocUpdate);
  }

  /**
   * A document loaded from Postgres, integrated a moment later: decoding a
   * large entry's stored state into a Y.Doc takes the most time of a cold
   * join (about 100 ms for the 105k-character trace), and encoding it again
   * for the joiner's sync step 2 another 40 ms. Neither is needed to answer a
   * joiner with nothing: the stored state and log rows are that answer as
   * they are (see FullStateAnswer). So the first joiners are answered from
   * the stored bytes, and the document is integrated right after (or as soon
   * as anything needs it: an update, a relayed message, a client with a state
   * vector). The server's own sync step 1 (its state vector) goes out once
   * integrated; a client needs it only to send what the server lacks.
   */
  static fromStored(entryId: string, stored: StoredDocument, services: DocumentServices): CollabDocument {
    const doc = new CollabDocument(entryId, new Y.Doc(), services, stored);
    doc.unintegrated = stored;
    doc.integrateTimer = setTimeout(() => doc.integrateSoon(), INTEGRATE_WITHIN_MS);
    return doc;
  }

  /** The live document (integrated first if it was just loaded). */
  get doc(): Y.Doc {
    if (this.unintegrated) this.integrate();
    if (this.broken) throw this.broken;
    return this.ydoc;
  }

  /**
   * Set when the stored document did not apply (it was loaded without being
   * decoded: see fromStored). Every connection is closed, nothing more is
   * served from it, and `onBroken` (the registry) drops it, so the next join
   * loads it again, as a load that throws did before.
   */
  private broken: Error | null = null;
  onBroken: ((err: Error) => void) | null = null;

  /** Whether the live document holds what was loaded yet (it always does once anything needed it). */
  get integrated(): boolean {
    return this.unintegrated === null;
  }

  private integrate(): void {
    const stored = this.unintegrated!;
    this.unintegrated = null;
    if (this.integrateTimer) clearTimeout(this.integrateTimer);
    this.integrateTimer = null;
    // Not an edit: nothing to log, broadcast or add to the full-state answer (which holds it already).
    this.ydoc.off('update', this.onDocUpdate);
    try {
      applyStoredDocument(this.ydoc, stored);
    } catch (err) {
      this.fail(err);
    } finally {
      this.ydoc.on('update', this.onDocUpdate);
    }
    try {
      this.writers.noteStored(stored);
    } catch (err) {
      // Only who wrote what is lost (mentions in it are told with no actor); the document is whole.
      logger.warn(`the writers of ${this.entryId}'s log could not be read: ${(err as Error).message}`);
    }
    const step1 = encodeSyncStep1(this.ydoc);
    for (const conn of this.connections) conn.send(step1);
  }

  /** The stored document does not apply: close every connection, serve nothing more from it, tell the registry. */
  private fail(err: unknown): never {
    this.broken ??= err instanceof Error ? err : new Error(String(err));
    for (const conn of this.connections) conn.close(CLOSE_INTERNAL_ERROR, 'internal_error');
    this.onBroken?.(this.broken);
    throw this.broken;
  }

  /** Integrates in the event loop's next check phase: after the answers being sent now have left. */
  private integrateSoon(): void {
    if (this.integrateTimer) clearTimeout(this.integrateTimer);
    this.integrateTimer = null;
    setImmediate(() => {
      try {
        if (this.unintegrated && !this.destroyed) this.integrate();
      } catch {
        // Handled in integrate: connections closed, the registry told.
      }
    });
  }

  private destroyed = false;

  /** The server's sync step 1 (its state vector) for a joiner; null while not integrated (it is sent to every connection then). */
  syncStep1(): Uint8Array | null {
    if (this.broken) throw this.broken;
    return this.unintegrated ? null : encodeSyncStep1(this.ydoc);
  }

  /** The entry's presence (y-protocols awareness). */
  get awareness() {
    return this.presence.awareness;
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
    try {
      void this.doc; // integrated first if it was just loaded
    } catch (err) {
      for (const item of batch) item.reject(err);
      return;
    }
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
      if (outcome === 'applied') {
        this.append(item.update, item.conn.user.id).then(item.resolve, item.reject);
      } else if (outcome === 'unchanged') unchanged = true;
      else if (outcome === 'too-large') item.reject(new DocumentTooLargeError(`the document reached ${this.services.maxDocumentBytes} bytes`));
      else {
        if (outcome === 'failed') integrationFailed ??= item;
        item.reject(
          new MalformedUpdateError(outcome === 'failed' ? 'the update does not apply to this document' : 'the update is inconsistent with this document'),
        );
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
    // The title and summary texts are created by the server only (shared/src/entry-doc.ts).
    if (replacesProtectedEntries(this.doc, item.shape, DOC_META, META_TEXT_FIELDS)) return 'invalid';
    if (this.wouldPassSizeCap(item.update.byteLength)) return 'too-large';
    this.approxBytes += item.update.byteLength;
    try {
      // One transaction for several senders: who wrote what comes from each update's shape,
      // counting only what is new to the document (structs it re-sends keep their writer).
      const before = origin === BATCH_ORIGIN ? new Map(Array.from(item.shape.runs.keys(), (c) => [c, Y.getState(this.doc.store, c)])) : null;
      Y.applyUpdate(this.doc, item.update, origin);
      if (before) this.writers.noteRuns(item.shape.runs, item.conn.user.id, (c) => before.get(c) ?? 0);
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
    // It also makes loading safe (DocumentRegistry.load): whatever was published before a loader
    // subscribed is already in the log it reads next. The price, one group commit (a few ms), is paid
    // only by the other instances' editors; this instance's peers get the update in the next tick.
    void durable.then(() => this.services.relay.publish(this.entryId, { kind: 'update', update }));
    return durable;
  }

  /** Applies the entries of an awareness update (already fully decoded, so it cannot half-apply) that `conn` may speak for (see PresenceOwners). */
  applyAwareness(conn: CollabConnection, entries: AwarenessEntry[]): void {
    this.services.stats.awareness++;
    this.presence.applyFromConnection(conn, entries);
  }

  /** Applies what another instance relayed (the 'resync' request is the caller's: it needs the log). */
  applyRemote(from: string, message: Exclude<RelayMessage, { kind: 'resync' }>): void {
    switch (message.kind) {
      case 'update':
        Y.applyUpdate(this.doc, message.update, FROM_ELSEWHERE);
        return;
      case 'awareness':
        this.presence.applyRemote(from, decodeAwarenessUpdate(message.update));
        return;
      case 'query-awareness':
        this.presence.publishOwn();
        return;
    }
  }

  /** Applies the stored document (a repair after missed relay messages); only what is new changes anything. */
  applyStored(stored: StoredDocument): void {
    applyStoredDocument(this.doc, stored, FROM_ELSEWHERE);
  }

  /** Publishes the presence of this instance's connections (for an instance that just loaded or reconnected). */
  publishOwnAwareness(): void {
    this.presence.publishOwn();
  }

  /** Removes the presence another instance relayed (it stopped). */
  dropInstance(instanceId: string): void {
    this.presence.dropInstance(instanceId);
  }

  /** The presence of every client this document has known, those gone as removals: for a client that missed ticks. */
  awarenessCatchUp(): Uint8Array {
    return this.presence.catchUp();
  }

  /** Everyone present now (null: nobody). */
  fullAwareness(): Uint8Array | null {
    return this.presence.full();
  }

  get stats(): CollabStats {
    return this.services.stats;
  }

  /** Connections that may write (the cap MAX_EDITORS_PER_ENTRY counts these). */
  writerCount = 0;

  addConnection(conn: CollabConnection): void {
    if (this.connections.has(conn)) return;
    this.connections.add(conn);
    this.fanOut.add(conn);
    if (conn.access === 'write') this.writerCount++;
  }

  /** A connection of this document became read-only. */
  onAccessChanged(conn: CollabConnection): void {
    if (this.connections.has(conn) && conn.access === 'read') this.writerCount--;
  }

  /** Removes a connection and the presence of every client it spoke for. */
  removeConnection(conn: CollabConnection): void {
    if (this.connections.delete(conn) && conn.access === 'write') this.writerCount--;
    this.fanOut.remove(conn);
    this.presence.removeConnection(conn);
  }

  /** Sends whatever the current tick holds right away (shutdown, tests). */
  flushTick(): void {
    this.flush();
  }

  /** How long the next update tick collects updates before fanning them out. */
  get tickDelayMs(): number {
    return this.ticks.delayMs;
  }

  destroy(): void {
    this.destroyed = true;
    if (this.integrateTimer) clearTimeout(this.integrateTimer);
    this.unintegrated = null;
    this.ticks.cancel();
    this.ydoc.off('update', this.onDocUpdate);
    this.presence.destroy();
    this.ydoc.destroy();
  }

  /**
   * The answer to a sync step 1. A client that has nothing (an empty state
   * vector) gets the whole document from FullStateAnswer: framed once and
   * kept up to date by appending later updates, so a crowd opening a large
   * entry costs one encoding, not one each, and editing between joins does
   * not make the next joiner wait for a new one. A document not yet
   * integrated answers from its stored bytes, and integrates right after.
   */
  syncStep2For(stateVector: Uint8Array): Uint8Array[] {
    if (this.broken) throw this.broken;
    if (!isEmptyStateVector(stateVector)) return [encodeSyncStep2(this.doc, stateVector)];
    if (this.unintegrated && this.fullState.ready) this.integrateSoon();
    try {
      return this.fullState.messages(() => Y.encodeStateAsUpdate(this.doc));
    } catch (err) {
      if (err === this.broken) throw err;
      this.fail(err); // the kept stored rows do not merge: the same as a stored document that does not apply
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    this.fullState.add(update);
    if (origin !== BATCH_ORIGIN) this.writers.note(transaction, origin === FROM_ELSEWHERE ? WRITTEN_ELSEWHERE : writerOfOrigin(origin));
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
    this.ticks.updatesPending();
    this.services.onContentChanged(this);
  };

  /**
   * One tick: the updates and the awareness changes pending, each merged and
   * encoded once, framed once, and written to every peer in one socket write.
   */
  private readonly flush = (): void => {
    this.ticks.cancel();
    const pending = this.pendingUpdates;
    this.pendingUpdates = [];
    const awareness = this.presence.take();
    if (pending.length === 0) {
      if (awareness) this.fanOut.awareness(awareness);
      return;
    }
    this.services.stats.tickUpdates.observe(pending.length);
    this.fanOut.updates(pending, awareness);
  };
}
