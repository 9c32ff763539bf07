import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { CollabConnection } from './collab-connection';
import { encodeAwareness, encodeAwarenessEntries, type AwarenessEntry } from './collab-protocol';
import { FROM_ELSEWHERE, type CollabRelay } from './collab-relay';
import { PresenceOwners } from './presence-owners';

/** Presence gone this long is forgotten (its clock too); peers time out states they stop hearing of after 30 s. */
const PRESENCE_FORGET_AFTER_MS = 60_000;

/**
 * The presence (y-protocols awareness) of one entry: who is there, their
 * cursors, and who owns each client id.
 *
 * Changes are collected between ticks and handed to the fan-out as one
 * awareness message (`take`), so every peer gets one message per tick however
 * many editors moved. Changes made by this instance's connections are also
 * relayed to the other instances (once per tick); what they relay is applied
 * here for this instance's peers, never relayed back.
 *
 * Presence is owned (see PresenceOwners): a connection sets or removes only
 * its own client ids, and the `user` field is stamped from its session.
 */
export class AwarenessTracker {
  readonly awareness: awarenessProtocol.Awareness;
  /** Who speaks for each awareness client id (only the owner may set or remove a state). */
  private readonly owners = new PresenceOwners();
  /** Client ids whose state changed since the last tick: sent to this instance's peers. */
  private readonly pending = new Set<number>();
  /** Client ids of this instance's connections that changed since the last tick: relayed to the other instances. */
  private readonly pendingRelayed = new Set<number>();
  private readonly sweep: NodeJS.Timeout;

  /** `onPending`: a change waits for the next tick. */
  constructor(
    doc: Y.Doc,
    private readonly entryId: string,
    private readonly relay: CollabRelay,
    private readonly onPending: () => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null); // the server itself has no presence
    this.awareness.on('update', this.onUpdate);
    this.sweep = setInterval(() => this.forgetGone(Date.now()), PRESENCE_FORGET_AFTER_MS);
    this.sweep.unref();
  }

  /** Applies the entries of an awareness update (already fully decoded, so it cannot half-apply) that `conn` may speak for. */
  applyFromConnection(conn: CollabConnection, entries: AwarenessEntry[]): void {
    const accepted = this.owners.accept(
      conn,
      entries,
      (clientId) => (this.awareness.getStates().get(clientId) as { user?: { userId?: unknown } } | undefined)?.user?.userId,
    );
    if (accepted.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), conn);
  }

  /** Applies what another instance relayed, except for client ids connected here (a client connected here is authoritative here: an instance it left may still relay its removal). */
  applyRemote(from: string, entries: AwarenessEntry[]): void {
    const relevant = this.owners.acceptRelayed(from, entries);
    if (relevant.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(relevant), FROM_ELSEWHERE);
  }

  /** Publishes the presence of this instance's connections (for an instance that just loaded or reconnected). */
  publishOwn(): void {
    const ids = this.owners.localIds();
    if (ids.length === 0) return;
    this.relay.publish(this.entryId, { kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) });
  }

  /** Removes the presence another instance relayed (it stopped). */
  dropInstance(instanceId: string): void {
    const ids = this.owners.idsOf(instanceId);
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, FROM_ELSEWHERE);
  }

  /** Removes the presence of every client a closing connection spoke for. */
  removeConnection(conn: CollabConnection): void {
    if (conn.awarenessClientIds.size === 0) return;
    const ids = Array.from(conn.awarenessClientIds);
    awarenessProtocol.removeAwarenessStates(this.awareness, ids, conn);
    for (const id of ids) this.owners.release(id); // also when a state was already gone
  }

  /** The presence of every client this document has known, those gone as removals: for a client that missed ticks. */
  catchUp(): Uint8Array {
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, Array.from(this.awareness.meta.keys())));
  }

  /** Everyone present now (null: nobody), for a joiner or a query-awareness. */
  full(): Uint8Array | null {
    const ids = Array.from(this.awareness.getStates().keys());
    if (ids.length === 0) return null;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  /** This tick's awareness message (null: nothing changed); relays this instance's changes to the others. */
  take(): Uint8Array | null {
    if (this.pendingRelayed.size > 0) {
      const ids = Array.from(this.pendingRelayed);
      this.pendingRelayed.clear();
      this.relay.publish(this.entryId, { kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) });
    }
    if (this.pending.size === 0) return null;
    const ids = Array.from(this.pending);
    this.pending.clear();
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  /**
   * y-protocols keeps a clock for every awareness client id it ever saw, gone
   * ones included (so a late removal is not undone by an old state). Ids gone
   * for a while are forgotten: a connection that keeps inventing ids must not
   * grow the document's memory for as long as it stays loaded.
   */
  forgetGone(now: number): void {
    for (const [clientId, meta] of this.awareness.meta) {
      if (!this.awareness.states.has(clientId) && now - meta.lastUpdated > PRESENCE_FORGET_AFTER_MS) this.awareness.meta.delete(clientId);
    }
  }

  destroy(): void {
    clearInterval(this.sweep);
    this.awareness.off('update', this.onUpdate);
    this.awareness.destroy();
  }

  private readonly onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    // Changes our connections made are relayed; what others relayed, and timeouts, are not.
    const conn = origin instanceof CollabConnection ? origin : null;
    if (conn) for (const id of added.concat(updated)) this.owners.take(conn, id);
    for (const id of removed) this.owners.release(id);
    for (const ids of [added, updated, removed]) {
      for (const id of ids) {
        this.pending.add(id);
        if (conn) this.pendingRelayed.add(id);
      }
    }
    this.onPending();
  };
}
