import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { type ByteRange, type FileStore, piecesOf, SHA256_HEX, type StoredBlob } from './file-store';

/** Largest chunk row: big enough that a 25 MB file is a hundred rows, small enough that one row is cheap to hold and send. */
export const CHUNK_BYTES = 256 * 1024;
/** Chunks read per query when serving (1 MiB). */
const CHUNKS_PER_READ = 4;
/** Staging keys of blobs being written start with this (a SHA-256 in hex never does). */
const STAGING_PREFIX = '~';

/**
 * The store in Postgres: `file_blobs` (one row per SHA-256: length, chunk size)
 * and `file_chunks` (the bytes, CHUNK_BYTES per row). Works on the embedded
 * database and on a Postgres shared by several instances.
 *
 * A put writes its chunks under a staging key while hashing (one insert per
 * chunk: nothing holds a transaction, or the embedded database's only
 * connection, while bytes arrive), then in one short transaction either makes
 * them the blob (the `file_blobs` insert wins) or drops them (the blob was
 * there already: same bytes, stored once). Chunks of a put that died midway
 * stay under their staging key until sweepIncomplete.
 */
export class PostgresFileStore implements FileStore {
  constructor(
    private readonly db: DataSource,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {}

  async put(source: Uint8Array | AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    // Bytes in hand: when they are stored already, write nothing.
    if (source instanceof Uint8Array) {
      const sha256 = createHash('sha256').update(source).digest('hex');
      if (await this.has(sha256)) return { sha256, bytes: source.byteLength };
    }
    const staging = `${STAGING_PREFIX}${randomUUID()}`;
    try {
      const { sha256, bytes } = await this.writeChunks(staging, source);
      await this.db.transaction(async (tx) => {
        const created = await tx.query(
          `INSERT INTO file_blobs (sha256, bytes, chunk_bytes) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
          [sha256, bytes, this.chunkBytes],
        );
        if (created.length > 0) await tx.query(`UPDATE file_chunks SET blob_key = $1 WHERE blob_key = $2`, [sha256, staging]);
        else await tx.query(`DELETE FROM file_chunks WHERE blob_key = $1`, [staging]);
      });
      return { sha256, bytes };
    } catch (err) {
      await this.db.query(`DELETE FROM file_chunks WHERE blob_key = $1`, [staging]).catch(() => undefined);
      throw err;
    }
  }

  async size(sha256: string, tx?: EntityManager): Promise<number | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    const [row] = await (tx ?? this.db).query(`SELECT bytes FROM file_blobs WHERE sha256 = $1`, [sha256]);
    return row ? Number(row.bytes) : null;
  }

  async has(sha256: string, tx?: EntityManager): Promise<boolean> {
    return (await this.size(sha256, tx)) !== null;
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    const [blob] = await this.db.query(`SELECT bytes, chunk_bytes FROM file_blobs WHERE sha256 = $1`, [sha256]);
    if (!blob) return null;
    const size = Number(blob.bytes);
    const chunkBytes = Number(blob.chunk_bytes);
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    if (end < start) return Readable.from([]);
    return Readable.from(this.readChunks(sha256, chunkBytes, start, end));
  }

  async delete(sha256: string, tx?: EntityManager): Promise<void> {
    if (!SHA256_HEX.test(sha256)) return;
    const run = async (m: EntityManager) => {
      await m.query(`DELETE FROM file_blobs WHERE sha256 = $1`, [sha256]);
      await m.query(`DELETE FROM file_chunks WHERE blob_key = $1`, [sha256]);
    };
    if (tx) await run(tx);
    else await this.db.transaction(run);
  }

  async sweepIncomplete(olderThan: Date): Promise<number> {
    const [, removed] = await this.db.query(`DELETE FROM file_chunks WHERE blob_key LIKE $1 AND created_at < $2`, [`${STAGING_PREFIX}%`, olderThan]);
    return Number(removed ?? 0);
  }

  /** Cuts the source into chunks of exactly chunkBytes (the last one shorter) and inserts them under the staging key. */
  private async writeChunks(staging: string, source: Uint8Array | AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const hash = createHash('sha256');
    let bytes = 0;
    let idx = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    // Joins what is pending once and inserts every whole chunk of it (all: the shorter last one too); keeps a copy of the rest.
    const flush = async (all: boolean) => {
      const joined = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      let offset = 0;
      while (joined.byteLength - offset >= this.chunkBytes || (all && offset < joined.byteLength)) {
        const chunk = joined.subarray(offset, offset + this.chunkBytes);
        await this.db.query(`INSERT INTO file_chunks (blob_key, idx, data) VALUES ($1, $2, $3)`, [staging, idx++, chunk]);
        offset += chunk.byteLength;
      }
      const rest = joined.subarray(offset);
      pending = rest.byteLength > 0 ? [Buffer.from(rest)] : [];
      pendingBytes = rest.byteLength;
    };
    for await (const piece of piecesOf(source)) {
      hash.update(piece);
      bytes += piece.byteLength;
      pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
      pendingBytes += piece.byteLength;
      if (pendingBytes >= this.chunkBytes) await flush(false);
    }
    await flush(true);
    return { sha256: hash.digest('hex'), bytes };
  }

  private async *readChunks(sha256: string, chunkBytes: number, start: number, end: number): AsyncGenerator<Buffer> {
    const first = Math.floor(start / chunkBytes);
    const last = Math.floor(end / chunkBytes);
    for (let from = first; from <= last; from += CHUNKS_PER_READ) {
      const to = Math.min(last, from + CHUNKS_PER_READ - 1);
      const rows: { idx: number; data: Buffer }[] = await this.db.query(
        `SELECT idx, data FROM file_chunks WHERE blob_key = $1 AND idx BETWEEN $2 AND $3 ORDER BY idx`,
        [sha256, from, to],
      );
      if (rows.length !== to - from + 1) throw new Error(`file ${sha256}: chunks ${from}-${to} missing (deleted while being read?)`);
      for (const row of rows) {
        const offset = row.idx * chunkBytes;
        yield row.data.subarray(Math.max(0, start - offset), Math.min(row.data.byteLength, end - offset + 1));
      }
    }
  }
}
