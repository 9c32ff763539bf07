import * as Y from 'yjs';
import { encodeSyncStep2Update, encodeUpdate } from './collab-protocol';

/**
 * Past this many bytes of updates since the base (and half the base's size),
 * the base and its updates are dropped and the next answer encodes the whole
 * document again: merging more for every joiner would cost more than that,
 * and a document nobody joins must not hold them forever.
 */
const REBASE_AFTER_BYTES = 64 * 1024;

/** A Yjs update that changes nothing (no structs, no deletions). */
const EMPTY_UPDATE = Uint8Array.of(0, 0);

/**
 * The answer to a sync step 1 with an empty state vector (a client that has
 * nothing: every joiner with a fresh tab), kept without encoding the whole
 * document for each joiner.
 *
 * It is a base (an update holding the whole document at some moment: the
 * stored state when the entry was loaded, or an encoding of the live
 * document), framed once as an update message, plus every update the
 * document emitted since. The answer is that update message, then sync step
 * 2 with the later updates merged (an empty update when there are none): a
 * client is synced (step 2) exactly when it holds everything.
 *
 * Loading from Postgres this needs no decoding at all (the stored state is
 * the base, the log rows the later updates), which lets the first joiners of
 * a cold entry be answered before the document is integrated (see
 * CollabDocument.fromStored). A warm joiner after edits costs a merge of the
 * small updates since the base, not an encoding of the whole document; the
 * base is renewed only once the updates since it add up (REBASE_AFTER_BYTES),
 * so it holds at most the base and that much.
 */
export class FullStateAnswer {
  private baseMessage: Uint8Array | null = null;
  private baseBytes = 0;
  private since: Uint8Array[] = [];
  private sinceBytes = 0;
  private step2: Uint8Array | null = null;

  /** `base`: an update holding the whole document now (null: none yet); `since`: updates after it (copied: rows read from Postgres are views into larger buffers). */
  constructor(base: Uint8Array | null = null, since: Uint8Array[] = []) {
    if (base)
      this.rebase(
        base,
        since.map((u) => new Uint8Array(u)),
      );
  }

  /** The document changed by `update` (as emitted by Yjs). */
  add(update: Uint8Array): void {
    if (!this.baseMessage) return;
    this.step2 = null;
    this.since.push(update);
    this.sinceBytes += update.byteLength;
    if (this.stale) this.drop();
  }

  /** Whether an answer can be given without encoding the live document. */
  get ready(): boolean {
    return this.baseMessage !== null && !this.stale;
  }

  /** The messages that bring an empty client up to date; `encodeWhole` encodes the live document (when there is no base, or loaded rows made it stale). */
  messages(encodeWhole: () => Uint8Array): [Uint8Array, Uint8Array] {
    if (!this.baseMessage || this.stale) this.rebase(encodeWhole(), []);
    this.step2 ??= encodeSyncStep2Update(this.since.length === 0 ? EMPTY_UPDATE : this.since.length === 1 ? this.since[0] : Y.mergeUpdates(this.since));
    return [this.baseMessage!, this.step2];
  }

  private get stale(): boolean {
    return this.sinceBytes > Math.max(REBASE_AFTER_BYTES, this.baseBytes / 2);
  }

  private rebase(base: Uint8Array, since: Uint8Array[]): void {
    this.baseMessage = encodeUpdate(base);
    this.baseBytes = base.byteLength;
    this.since = since;
    this.sinceBytes = since.reduce((n, u) => n + u.byteLength, 0);
    this.step2 = null;
  }

  private drop(): void {
    this.baseMessage = null;
    this.baseBytes = 0;
    this.since = [];
    this.sinceBytes = 0;
    this.step2 = null;
  }
}
