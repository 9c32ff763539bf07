import * as Y from 'yjs';
import type { CollabConnection } from './collab-connection';
import { encodeUpdate } from './collab-protocol';
import { OutgoingBatch } from './outgoing-frames';

/** Up to this many senders in one tick each get a message without their own update. */
const MAX_ECHO_FREE_SENDERS_PER_TICK = 2;

/** A document update waiting for the next tick, and the origin of its transaction (a connection: its sender). */
export interface PendingUpdate {
  update: Uint8Array;
  origin: unknown;
}

function mergeAll(updates: PendingUpdate[]): Uint8Array {
  return updates.length === 1 ? updates[0].update : Y.mergeUpdates(updates.map((u) => u.update));
}

/**
 * The peers of one entry and how a tick reaches them: each tick's updates
 * merged and encoded once, framed once with the tick's awareness change, and
 * written to every peer in one socket write (see outgoing-frames.ts). A
 * sender does not get its own update back: a connection that contributed to
 * the tick gets a merge of the others' updates instead (up to
 * MAX_ECHO_FREE_SENDERS_PER_TICK senders; beyond, that costs one merge per
 * sender, and everyone gets the common message: Yjs ignores what it has).
 *
 * The writes of a tick go out one after the other, a few microseconds each,
 * so each tick starts at a random peer: in a fixed order the first peers to
 * connect would always be served first and the last ones a whole fan-out later.
 */
export class FanOut {
  private readonly peers: CollabConnection[] = [];
  /** A peer's index in `peers` (removal swaps the last one in). */
  private readonly index = new Map<CollabConnection, number>();

  add(conn: CollabConnection): void {
    if (this.index.has(conn)) return;
    this.index.set(conn, this.peers.length);
    this.peers.push(conn);
  }

  remove(conn: CollabConnection): void {
    const at = this.index.get(conn);
    if (at === undefined) return;
    const last = this.peers.pop()!;
    if (last !== conn) {
      this.peers[at] = last;
      this.index.set(last, at);
    }
    this.index.delete(conn);
  }

  /** One tick with document updates (and the tick's awareness message, if any). */
  updates(pending: PendingUpdate[], awareness: Uint8Array | null): void {
    const batchOf = (update: Uint8Array | null) => new OutgoingBatch([update, awareness].filter((m) => m !== null));
    const everyone = batchOf(encodeUpdate(mergeAll(pending)));
    const senders = new Set(pending.map((p) => p.origin));
    if (senders.size > MAX_ECHO_FREE_SENDERS_PER_TICK) return this.toEach((conn) => conn.sendBatch(everyone));
    this.toEach((conn) => {
      if (!senders.has(conn)) return conn.sendBatch(everyone);
      const others = pending.filter((p) => p.origin !== conn);
      if (others.length > 0) conn.sendBatch(batchOf(encodeUpdate(mergeAll(others))));
      else if (awareness) conn.sendBatch(batchOf(null));
    });
  }

  /** One tick with an awareness change only. */
  awareness(awareness: Uint8Array): void {
    const batch = new OutgoingBatch([awareness]);
    this.toEach((conn) => conn.sendBatch(batch));
  }

  /** Calls `send` for every peer, starting at a random one. */
  private toEach(send: (conn: CollabConnection) => void): void {
    const peers = this.peers;
    if (peers.length === 0) return;
    const start = Math.floor(Math.random() * peers.length);
    for (let i = start; i < peers.length; i++) send(peers[i]);
    for (let i = 0; i < start && i < peers.length; i++) send(peers[i]);
  }
}
