import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestDatabase } from '../test/support/test-database';
import { ackLatency } from './ack-latency';
import { printTable } from './stats';

/**
 * `npm run bench [-- --only=ack] [--edits=1000]`: runs the benchmarks, prints a
 * table and writes the figures as JSON under bench/results/.
 * Real Postgres is used when DATABASE_URL is set (or postgres on 127.0.0.1:5432 answers).
 */
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const EDITS = Number(args.get('edits') ?? 1000);

async function main() {
  const started = new Date();
  const results: Record<string, unknown> = {};
  const rows: Record<string, string | number>[] = [];

  const backends: { name: string; env: () => Promise<{ env: Record<string, string | undefined>; drop(): Promise<void> }> }[] = [
    { name: 'embedded (PGlite)', env: () => withoutDatabaseUrl(createTestDatabase) },
  ];
  const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  backends.push({ name: 'Postgres', env: () => withDatabaseUrl(pgUrl, createTestDatabase) });

  for (const backend of backends) {
    let db;
    try {
      db = await backend.env();
    } catch (err) {
      console.warn(`skipping ${backend.name}: ${(err as Error).message}`);
      continue;
    }
    try {
      process.stdout.write(`ack latency on ${backend.name}: ${EDITS} edits… `);
      const r = await ackLatency(db, EDITS);
      console.log('done');
      results[`ack:${backend.name}`] = r;
      rows.push({ scenario: 'durable ack at rest', database: backend.name, edits: r.n, 'p50 ms': r.p50, 'p99 ms': r.p99, 'max ms': r.max });
    } finally {
      await db.drop();
    }
  }

  printTable('Knowledge Hub benchmarks', rows);
  const out = path.resolve(__dirname, '..', '..', '..', 'bench', 'results');
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({ startedAt: started.toISOString(), machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version }, results }, null, 2),
  );
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

async function withoutDatabaseUrl<T>(f: () => Promise<T>): Promise<T> {
  const saved = process.env.DATABASE_URL;
  const savedCi = process.env.CI;
  delete process.env.DATABASE_URL;
  delete process.env.CI;
  try {
    return await f();
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
    if (savedCi !== undefined) process.env.CI = savedCi;
  }
}

async function withDatabaseUrl<T>(url: string, f: () => Promise<T>): Promise<T> {
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    return await f();
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
