import * as Y from 'yjs';
import type { StoredDocument } from './stored-document';
import { decodeUpdateShape } from './update-shape';

/** Ranges kept per Yjs client; past this the oldest are forgotten (their writer reads as unknown). */
const MAX_RANGES_PER_CLIENT = 32;

/**
 * The writer of structs relayed from another instance (or read back from the
 * log after missed relay messages): the user is known there, not here.
 */
export const WRITTEN_ELSEWHERE = Symbol('written elsewhere');

type Writer = string | null | typeof WRITTEN_ELSEWHERE;

interface Range {
  /** First clock of the range. */
  from: number;
  /** One past its last clock. */
  to: number;
  userId: Writer;
}

/**
 * Who wrote which structs of a live document: for each Yjs client id, the
 * clock ranges each user's accepted updates added. A browser keeps one client
 * id per session, so typing gives one growing range; ranges split only when
 * another user writes with the same client id (a hostile writer can), and
 * then each keeps its own writer. Updates of several senders applied in one
 * transaction are recorded one by one from their decoded shape (noteRuns);
 * those made by Yjs itself record no writer, those relayed from other
 * instances WRITTEN_ELSEWHERE. Only structs new to the document are recorded:
 * a sender re-sending structs others wrote does not become their writer.
 *
 * Answers "who wrote this item" (the actor of a body mention: the item of the
 * mention's id attribute) from its id, without decoding updates again. Lives as long as the loaded
 * document; a document loaded again learns the writers of its log rows (noteStored), not of what compaction
 * folded into its state.
 */
export class ClientWriters {
  private readonly ranges = new Map<number, Range[]>();

  /**
   * Records who wrote the log rows of a stored document, as it was just applied: each row's structs that were
   * not in the compacted state or an earlier row are its user's. Rows with no user, and the state, record nothing.
   */
  noteStored(stored: StoredDocument): void {
    const writers = stored.writers;
    if (!writers?.some((w) => w !== null)) return;
    const seen = new Map<number, number>(stored.state ? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(stored.state)) : []);
    stored.updates.forEach((update, i) => {
      const runs = decodeUpdateShape(update).runs;
      const userId = writers[i] ?? null;
      if (userId !== null) this.noteRuns(runs, userId, (client) => seen.get(client) ?? 0);
      for (const [client, list] of runs) {
        for (const run of list) if (run.clock + run.len > (seen.get(client) ?? 0)) seen.set(client, run.clock + run.len);
      }
    });
  }

  /** Records the structs `tr` added as written by `userId` (null: unknown). */
  note(tr: Y.Transaction, userId: Writer): void {
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      if (after > before) this.add(client, before, after, userId);
    }
  }

  /**
   * Records the struct ranges of one update (its decoded shape's runs) as
   * written by `userId`; `stateBefore` is the document's clock per client
   * before the update applied: the part of a run below it was already in the
   * document (someone else's, re-sent) and keeps its writer.
   */
  noteRuns(runs: ReadonlyMap<number, readonly { clock: number; len: number }[]>, userId: string, stateBefore: (client: number) => number): void {
    for (const [client, list] of runs) {
      const before = stateBefore(client);
      for (const run of list) {
        const from = Math.max(run.clock, before);
        const to = run.clock + run.len;
        if (to > from) this.add(client, from, to, userId);
      }
    }
  }

  /** Who wrote the struct (client, clock), or null when unknown (or known only on another instance). */
  writerOf(client: number, clock: number): string | null {
    const writer = this.find(client, clock);
    return typeof writer === 'string' ? writer : null;
  }

  /** Whether the struct (client, clock) was relayed from another instance. */
  writtenElsewhere(client: number, clock: number): boolean {
    return this.find(client, clock) === WRITTEN_ELSEWHERE;
  }

  private find(client: number, clock: number): Writer {
    const list = this.ranges.get(client);
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) if (clock >= list[i].from && clock < list[i].to) return list[i].userId;
    return null;
  }

  private add(client: number, from: number, to: number, userId: Writer): void {
    let list = this.ranges.get(client);
    if (!list) {
      list = [];
      this.ranges.set(client, list);
    }
    const last = list[list.length - 1];
    if (last && last.userId === userId && last.to === from) {
      last.to = to;
      return;
    }
    list.push({ from, to, userId });
    if (list.length > MAX_RANGES_PER_CLIENT) list.shift();
  }
}

/** The user behind a transaction origin of the collab engine: a connection (its user) or a server edit on someone's behalf; else null. */
export function writerOfOrigin(origin: unknown): string | null {
  if (typeof origin !== 'object' || origin === null) return null;
  const o = origin as { user?: { id?: unknown }; serverEditBy?: unknown };
  if (typeof o.serverEditBy === 'string') return o.serverEditBy;
  return typeof o.user?.id === 'string' ? o.user.id : null;
}
