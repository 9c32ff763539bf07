/**
 * How an entry's Yjs document is stored: an append-only log of updates
 * (`entry_updates`) and a compacted state (`entry_documents`) that compaction
 * folds the log into. Plain shapes shared by the repository, the group-commit
 * writer, the merger and the engine.
 */

/** One update to append to the log, with the user it is attributed to (null: nobody's, e.g. Yjs' own clean-up). */
export interface LogRow {
  entryId: string;
  update: Uint8Array;
  userId: string | null;
}

/** An entry as stored: its compacted state and the log rows not yet folded into it. */
export interface StoredDocument {
  /** Compacted state, or null for an entry that has none yet. */
  state: Uint8Array | null;
  /** Log rows not yet folded into the state, oldest first. */
  updates: Uint8Array[];
  /**
   * The user each of those rows is attributed to (null: nobody's), in the same order, when the reader asked for
   * them: a document loaded again (after a restart, or on another instance) still knows who wrote what is in its
   * log (the writer of a body mention: see ClientWriters). What compaction folded into the state has no writer.
   */
  writers?: (string | null)[];
}
