import type { CollabConnection } from './collab-connection';

/** One account's socket on one entry, from the moment it passed authentication. */
export interface UserSocket {
  readonly userId: string;
  readonly entryId: string;
  /** The session token it authenticated with: re-verified when the account's access changes. */
  readonly token: string;
  /** Set once the socket joined its document. */
  conn: CollabConnection | null;
  /** When its session ends (ms since the epoch; null: not known, or re-checked already). */
  expiresAt: number | null;
  release(): void;
}

/**
 * The collab sockets of each account on this instance: the per-account caps
 * (so one account cannot take every writer slot of an entry, or the
 * instance's memory), and whom to re-check when an account's access changes.
 * A slot is taken right after authentication, before the document loads, so
 * a burst of simultaneous upgrades cannot slip past the cap.
 */
export class UserSockets {
  private readonly byUser = new Map<string, Set<UserSocket>>();

  constructor(private readonly limits: { perEntry: number; perUser: number }) {}

  /** A slot for this account on this entry, or null when it has too many already. */
  take(userId: string, entryId: string, token: string): UserSocket | null {
    let sockets = this.byUser.get(userId);
    if (sockets && sockets.size >= this.limits.perUser) return null;
    let onEntry = 0;
    for (const s of sockets ?? []) if (s.entryId === entryId) onEntry++;
    if (onEntry >= this.limits.perEntry) return null;
    if (!sockets) {
      sockets = new Set();
      this.byUser.set(userId, sockets);
    }
    const own = sockets;
    const socket: UserSocket = {
      userId,
      entryId,
      token,
      conn: null,
      expiresAt: null,
      release: () => {
        own.delete(socket);
        if (own.size === 0 && this.byUser.get(userId) === own) this.byUser.delete(userId);
      },
    };
    own.add(socket);
    return socket;
  }

  of(userId: string): UserSocket[] {
    return Array.from(this.byUser.get(userId) ?? []);
  }

  all(): UserSocket[] {
    return Array.from(this.byUser.values()).flatMap((sockets) => Array.from(sockets));
  }
}
