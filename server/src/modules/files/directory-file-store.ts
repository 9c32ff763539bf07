import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { type ByteRange, type FileStore, piecesOf, SHA256_HEX, type StoredBlob } from './file-store';

/**
 * The store in a directory (FILES_DIR): `<dir>/<first two hex digits>/<sha256>`.
 * A put writes to `<dir>/tmp/<uuid>` while hashing, flushes it to disk and
 * renames it into place, so a blob is either absent or complete; two puts of
 * the same bytes at once both rename onto the same name, which is harmless.
 * Several instances may share the directory (a network file system).
 */
export class DirectoryFileStore implements FileStore {
  private readonly tmpDir: string;

  constructor(private readonly dir: string) {
    this.tmpDir = path.join(dir, 'tmp');
    fs.mkdirSync(this.tmpDir, { recursive: true });
  }

  async put(source: Uint8Array | AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const tmp = path.join(this.tmpDir, randomUUID());
    const hash = createHash('sha256');
    let bytes = 0;
    const file = await fsp.open(tmp, 'wx', 0o600);
    try {
      for await (const piece of piecesOf(source)) {
        hash.update(piece);
        bytes += piece.byteLength;
        await file.write(piece);
      }
      await file.sync();
    } catch (err) {
      await file.close();
      await fsp.rm(tmp, { force: true });
      throw err;
    }
    await file.close();
    const sha256 = hash.digest('hex');
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) {
      await fsp.rm(tmp, { force: true });
    } else {
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.rename(tmp, target);
    }
    return { sha256, bytes };
  }

  async size(sha256: string): Promise<number | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    try {
      return (await fsp.stat(this.pathOf(sha256))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable | null> {
    if (!(await this.has(sha256))) return null;
    return fs.createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end } : {});
  }

  async delete(sha256: string): Promise<void> {
    if (!SHA256_HEX.test(sha256)) return;
    await fsp.rm(this.pathOf(sha256), { force: true });
  }

  async sweepIncomplete(olderThan: Date): Promise<number> {
    let removed = 0;
    for (const name of await fsp.readdir(this.tmpDir)) {
      const file = path.join(this.tmpDir, name);
      const stat = await fsp.stat(file).catch(() => null);
      if (stat && stat.mtime < olderThan) {
        await fsp.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private pathOf(sha256: string): string {
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }
}
