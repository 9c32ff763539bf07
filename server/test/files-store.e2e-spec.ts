import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { parseConfig } from '../src/config/config';
import { openDatabase, type Database } from '../src/database/database';
import { DirectoryFileStore } from '../src/modules/files/directory-file-store';
import type { FileStore } from '../src/modules/files/file-store';
import { PostgresFileStore } from '../src/modules/files/postgres-file-store';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * The FileStore contract, run against both backends: Postgres chunks (with
 * small chunks, so that ranges cross chunk boundaries) and a directory.
 */

interface Backend {
  store: FileStore;
  /** Stored pieces of every kind: blobs and leftovers of interrupted puts. */
  pieces(): Promise<number>;
  /** What a put that died midway (a crash) leaves behind. */
  leaveIncomplete(): Promise<void>;
}

let database: TestDatabase;
let db: Database;
const dirs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDatabase(parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', ...database.env }));
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const CHUNK = 1000;
const backends: [string, () => Promise<Backend>][] = [
  [
    'Postgres chunks',
    async () => {
      const q = db.dataSource;
      await q.query(`DELETE FROM file_chunks`);
      await q.query(`DELETE FROM file_blobs`);
      return {
        store: new PostgresFileStore(q, CHUNK),
        pieces: async () => Number((await q.query(`SELECT count(DISTINCT blob_key) AS n FROM file_chunks`))[0].n),
        leaveIncomplete: async () => {
          await q.query(`INSERT INTO file_chunks (blob_key, idx, data, created_at) VALUES ('~crashed', 0, '\\x00', now() - interval '2 days')`);
        },
      };
    },
  ],
  [
    'a directory',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-files-'));
      dirs.push(dir);
      const files = () => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      return {
        store: new DirectoryFileStore(dir),
        pieces: async () => files().length,
        leaveIncomplete: async () => {
          const leftover = path.join(dir, 'tmp', 'crashed');
          fs.writeFileSync(leftover, 'x');
          const old = new Date(Date.now() - 2 * 86_400_000);
          fs.utimesSync(leftover, old, old);
        },
      };
    },
  ],
];

async function bytesOf(stream: Readable | null): Promise<Buffer> {
  if (!stream) throw new Error('not stored');
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function* inPieces(bytes: Buffer, sizes: number[]): AsyncIterable<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length];
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

describe.each(backends)('FileStore on %s', (_name, make) => {
  let b: Backend;
  beforeEach(async () => {
    b = await make();
  });

  it('names bytes by their SHA-256 and gives them back whole', async () => {
    const bytes = randomBytes(3_500);
    const stored = await b.store.put(bytes);
    expect(stored).toEqual({ sha256: sha(bytes), bytes: 3_500 });
    expect(await b.store.has(stored.sha256)).toBe(true);
    expect(await b.store.size(stored.sha256)).toBe(3_500);
    expect((await bytesOf(await b.store.get(stored.sha256))).equals(bytes)).toBe(true);
  });

  it('takes a stream of uneven pieces and stores what one buffer of the same bytes would', async () => {
    const bytes = randomBytes(5_432);
    const streamed = await b.store.put(inPieces(bytes, [1, 999, 1_500, 7]));
    expect(streamed.sha256).toBe(sha(bytes));
    expect((await bytesOf(await b.store.get(streamed.sha256))).equals(bytes)).toBe(true);
  });

  it('stores the same bytes once, however often and however concurrently they are put', async () => {
    const bytes = randomBytes(2_500);
    const results = await Promise.all([b.store.put(bytes), b.store.put(inPieces(bytes, [700])), b.store.put(inPieces(bytes, [2_500]))]);
    expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha(bytes)]));
    await b.store.put(bytes);
    expect(await b.pieces()).toBe(1);
  });

  it('reads any range, within a chunk and across chunks', async () => {
    const bytes = randomBytes(4_321);
    const { sha256 } = await b.store.put(bytes);
    for (const [start, end] of [
      [0, 0],
      [0, 99],
      [10, 999],
      [999, 1_000],
      [500, 3_700],
      [4_311, 4_320],
      [0, 4_320],
    ]) {
      expect((await bytesOf(await b.store.get(sha256, { start, end }))).equals(bytes.subarray(start, end + 1))).toBe(true);
    }
  });

  it('stores an empty blob', async () => {
    const { sha256, bytes } = await b.store.put(Buffer.alloc(0));
    expect(bytes).toBe(0);
    expect(await b.store.size(sha256)).toBe(0);
    expect((await bytesOf(await b.store.get(sha256))).length).toBe(0);
  });

  it('deletes a blob; unknown and malformed names are simply not stored', async () => {
    const { sha256 } = await b.store.put(randomBytes(1_200));
    await b.store.delete(sha256);
    expect(await b.store.has(sha256)).toBe(false);
    expect(await b.store.get(sha256)).toBeNull();
    await b.store.delete(sha256);
    expect(await b.store.size('../../etc/passwd')).toBeNull();
    expect(await b.store.get('not-a-sha')).toBeNull();
    expect(await b.pieces()).toBe(0);
  });

  it('a put whose source fails midway leaves nothing; a crashed one is swept once old enough', async () => {
    async function* failing(): AsyncIterable<Uint8Array> {
      yield randomBytes(2_500);
      throw new Error('client went away');
    }
    await expect(b.store.put(failing())).rejects.toThrow('client went away');
    expect(await b.pieces()).toBe(0);
    await b.leaveIncomplete();
    const kept = await b.store.put(randomBytes(10));
    expect(await b.store.sweepIncomplete(new Date(Date.now() - 86_400_000))).toBe(1);
    expect(await b.pieces()).toBe(1);
    expect(await b.store.has(kept.sha256)).toBe(true);
  });
});
