import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';

/**
 * The content-addressed store: bytes go in, their SHA-256 (hex) comes out and
 * names them from then on. The same bytes put twice are stored once. Two
 * backends keep the same contract (file-store.contract.ts tests both): Postgres
 * chunks (the default: works with the embedded database and across instances)
 * and a directory (FILES_DIR).
 *
 * It knows nothing of uploads, entries or types: what a blob is and who may
 * see it is the files service's business.
 */
export interface FileStore {
  /** Stores the bytes and answers their SHA-256 and length. A put that fails leaves nothing behind that a later sweep would not remove. */
  put(source: Uint8Array | AsyncIterable<Uint8Array>): Promise<StoredBlob>;
  /** The length of a stored blob, or null when it is not stored. `tx`: read inside that transaction (Postgres backend). */
  size(sha256: string, tx?: EntityManager): Promise<number | null>;
  has(sha256: string, tx?: EntityManager): Promise<boolean>;
  /** The blob's bytes, or only `range` of them; null when it is not stored. The caller checks the range against `size`. */
  get(sha256: string, range?: ByteRange): Promise<Readable | null>;
  /** Deletes a blob (nothing when it is not stored). `tx`: inside that transaction, so it is undone with it (Postgres backend). */
  delete(sha256: string, tx?: EntityManager): Promise<void>;
  /** Removes what interrupted puts left behind before `olderThan`; answers how many pieces it removed. */
  sweepIncomplete(olderThan: Date): Promise<number>;
}

export interface StoredBlob {
  sha256: string;
  bytes: number;
}

/** Byte offsets, both inclusive (as in `Content-Range`). */
export interface ByteRange {
  start: number;
  end: number;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Nest injection token of the FileStore in use. */
export const FILE_STORE = Symbol('FILE_STORE');

/** The source as a sequence of byte pieces, whatever it was given as. */
export async function* piecesOf(source: Uint8Array | AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else yield* source;
}
