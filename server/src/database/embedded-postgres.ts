import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';

/**
 * The embedded Postgres: PGlite (Postgres compiled to WASM) keeping its files
 * under `<dataDir>/pglite`, served over a private Unix socket so that the
 * ordinary `pg` driver and TypeORM's `postgres` driver talk to it exactly as to
 * a real server — same types, same migrations.
 *
 * PGlite is single-process: a pid file under dataDir refuses a second server
 * on the same data directory with a clear message instead of corrupting it.
 */
export interface EmbeddedPostgres {
  /** Directory holding the socket `.s.PGSQL.5432`; pass as `host` to pg. */
  socketDir: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * One connection. PGlite executes one query at a time anyway, and the socket
 * server interleaves the protocol messages of concurrent connections
 * (electric-sql/pglite#1046: "bind message supplies N parameters", hangs), so
 * the pool holds a single connection and queries queue in `pg` instead.
 * Consequence for the code: inside a transaction, every query must go through
 * the transaction's manager (a query on the pool would wait for the
 * transaction, which waits for it).
 */
export const EMBEDDED_MAX_CONNECTIONS = 1;
const SOCKET_PORT = 5432;

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const logger = new Logger('EmbeddedPostgres');
  const dbDir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dbDir, { recursive: true });
  const pidFile = path.join(dataDir, 'pglite.pid');
  claimPidFile(pidFile);

  // ESM-only packages, loaded lazily so that a server on real Postgres never pays for WASM.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');

  const started = Date.now();
  const db = await PGlite.create({ dataDir: dbDir });
  // A short private directory: Unix socket paths are limited to ~107 bytes, and a
  // stale socket from a crash never blocks the next start.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-pg-'));
  fs.chmodSync(socketDir, 0o700);
  const server = new PGLiteSocketServer({
    db,
    path: path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`),
    maxConnections: EMBEDDED_MAX_CONNECTIONS,
  });
  await server.start();
  logger.log(`embedded Postgres ready in ${Date.now() - started} ms (data in ${dbDir})`);

  let stopped = false;
  return {
    socketDir,
    port: SOCKET_PORT,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      fs.rmSync(socketDir, { recursive: true, force: true });
      releasePidFile(pidFile);
    },
  };
}

function claimPidFile(pidFile: string): void {
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${path.dirname(pidFile)} is in use by process ${pid}. ` +
          'Stop that server, or set DATA_DIR to another folder, or DATABASE_URL to a Postgres server.',
      );
    }
  }
  fs.writeFileSync(pidFile, String(process.pid));
}

function releasePidFile(pidFile: string): void {
  try {
    if (fs.readFileSync(pidFile, 'utf8').trim() === String(process.pid)) fs.rmSync(pidFile);
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
