import { MAX_AWARENESS_CLIENTS_PER_CONNECTION } from '@knowledge-hub/shared';
import type { CollabConnection } from './collab-connection';
import type { AwarenessEntry } from './collab-protocol';

/** Who speaks for an awareness client id: a connection of this instance, or (a string) the instance that relayed it. */
type Owner = CollabConnection | string;

/**
 * Presence is owned: each awareness client id of a document belongs to the
 * connection that first published it (or to the instance that relayed it),
 * and only its owner may set or remove its state. Stock providers echo every
 * state they receive, others' included, and a hostile one could replace or
 * remove somebody else's presence; this is what stops both. The `user` field
 * of every state a connection publishes is stamped from its session.
 */
export class PresenceOwners {
  private readonly owners = new Map<number, Owner>();

  /**
   * The entries of an awareness update that `conn` may speak for, stamped:
   * client ids it owns, ids of the same account (a reconnecting tab, here or
   * on another instance), and ids nobody owns, up to
   * MAX_AWARENESS_CLIENTS_PER_CONNECTION at a time (counted within the frame).
   * `userIdOf` reads the `user.userId` of a relayed state (stamped by the
   * instance that relayed it).
   */
  accept(conn: CollabConnection, entries: AwarenessEntry[], userIdOf: (clientId: number) => unknown): AwarenessEntry[] {
    const accepted: AwarenessEntry[] = [];
    let claims = conn.awarenessClientIds.size;
    for (const e of entries) {
      const owner = this.owners.get(e.clientId);
      if (owner === undefined) {
        if (claims >= MAX_AWARENESS_CLIENTS_PER_CONNECTION || e.state === null) continue;
        claims++;
      } else if (owner !== conn && (typeof owner === 'string' ? userIdOf(e.clientId) : owner.user.id) !== conn.user.id) continue;
      accepted.push(e.state === null ? e : { ...e, state: { ...(e.state as object), user: conn.presence } });
    }
    return accepted;
  }

  /** The entries another instance relayed that this instance does not own (a client connected here is authoritative here). */
  acceptRelayed(from: string, entries: AwarenessEntry[]): AwarenessEntry[] {
    const relevant = entries.filter((e) => !this.isLocal(e.clientId));
    for (const e of relevant) if (e.state !== null) this.owners.set(e.clientId, from);
    return relevant;
  }

  /** `conn` now speaks for this client id (it may have come from another connection or instance). */
  take(conn: CollabConnection, clientId: number): void {
    const owner = this.owners.get(clientId);
    if (owner === conn) return;
    if (owner !== undefined && typeof owner !== 'string') owner.awarenessClientIds.delete(clientId);
    this.owners.set(clientId, conn);
    conn.awarenessClientIds.add(clientId);
  }

  /** The state is gone (removed by its owner, its connection closed, timed out or relayed as removed). */
  release(clientId: number): void {
    const owner = this.owners.get(clientId);
    if (owner !== undefined && typeof owner !== 'string') owner.awarenessClientIds.delete(clientId);
    this.owners.delete(clientId);
  }

  isLocal(clientId: number): boolean {
    const owner = this.owners.get(clientId);
    return owner !== undefined && typeof owner !== 'string';
  }

  /** Client ids of this instance's connections. */
  localIds(): number[] {
    return Array.from(this.owners).flatMap(([clientId, owner]) => (typeof owner === 'string' ? [] : [clientId]));
  }

  /** Client ids relayed by this instance. */
  idsOf(instanceId: string): number[] {
    return Array.from(this.owners).flatMap(([clientId, owner]) => (owner === instanceId ? [clientId] : []));
  }
}
