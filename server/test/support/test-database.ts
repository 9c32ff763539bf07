import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A private database for one test file: a fresh database on the Postgres of
 * DATABASE_URL (CI), or a fresh embedded data directory otherwise. With
 * CI=true, a missing DATABASE_URL is a failure, never a silent fallback.
 */
export interface TestDatabase {
  env: { DATABASE_URL?: string; DATA_DIR: string };
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-test-'));
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    if (process.env.CI === 'true') throw new Error('CI=true but DATABASE_URL is not set: the tests must run against the real Postgres');
    return { env: { DATA_DIR: dataDir }, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `kh_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    async drop() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
