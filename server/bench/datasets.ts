import { createWriteStream, openAsBlob, rmSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerProcess } from '../test/support/server-process';
import { loginAs } from './load/bench-server';
import { rssBytes } from './load/proc-stats';
import { round, summarize } from './stats';

export interface DatasetsBenchResult {
  rows: number;
  columns: number;
  fileBytes: number;
  /** Upload request sent → 201 read (parse, type inference, file store, COPY, indexes). */
  ingestMs: number;
  /** Peak server RSS during the ingest minus the RSS before it. */
  rssGrowthBytes: number;
  /** One country's daily series of one column (~2,000 points), distinct countries, no cache anywhere but Postgres's buffers. */
  seriesQuery: ReturnType<typeof summarize>;
  /** Sum of one column by country and month over 30 countries, distinct country sets. */
  monthlyAggregateQuery: ReturnType<typeof summarize>;
}

const COUNTRIES = 200;
const NUMERIC_COLUMNS = 57;

/** A deterministic PRNG (mulberry32): the same file on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const country = (i: number) => `Country ${String(i).padStart(3, '0')}`;

/** `rows` rows × 60 columns (country, continent, date, 57 counts and rates), ~100 MB for 400,000 rows. */
async function writeCsv(path: string, rows: number): Promise<number> {
  const random = prng(12);
  const out = createWriteStream(path);
  const header = ['country', 'continent', 'date', ...Array.from({ length: NUMERIC_COLUMNS }, (_, i) => (i % 3 === 2 ? `rate_${i}` : `count_${i}`))];
  let text = `${header.join(',')}\n`;
  let bytes = 0;
  const days = Math.ceil(rows / COUNTRIES);
  const start = Date.UTC(2020, 0, 22);
  let written = 0;
  for (let c = 0; c < COUNTRIES && written < rows; c++) {
    for (let d = 0; d < days && written < rows; d++, written++) {
      const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
      let line = `${country(c)},Continent ${c % 6},${date}`;
      for (let k = 0; k < NUMERIC_COLUMNS; k++) line += k % 3 === 2 ? `,${(random() * 100).toFixed(2)}` : `,${Math.floor(random() * 5000)}`;
      text += `${line}\n`;
      if (text.length > 1_000_000) {
        bytes += Buffer.byteLength(text);
        if (!out.write(text)) await once(out, 'drain');
        text = '';
      }
    }
  }
  bytes += Buffer.byteLength(text);
  out.end(text);
  await once(out, 'finish');
  return bytes;
}

export async function datasetsBench(server: ServerProcess, opts: { rows: number; queries: number }): Promise<DatasetsBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kh-bench-ds-'));
  try {
    const csv = join(dir, 'cases.csv');
    const fileBytes = await writeCsv(csv, opts.rows);
    const alice = await loginAs(server, 'alice@demo.hub');
    const mod = await loginAs(server, 'mod@demo.hub');
    const api = async (token: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text);
    };
    const ds = await api(alice, 'POST', '/api/groups/vaccines/datasets', { title: 'Bench cases', licence: 'CC0-1.0', source: { text: 'synthetic' } });

    const form = new FormData();
    form.append('file', await openAsBlob(csv, { type: 'text/csv' }), 'cases.csv');
    const rssBefore = rssBytes(server.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssBytes(server.pid));
    }, 50);
    const t0 = performance.now();
    const res = await fetch(`${server.baseUrl}/api/datasets/${ds.id}/versions`, { method: 'POST', headers: { authorization: `Bearer ${alice}` }, body: form });
    const version = (await res.json()) as { id: string; rows: number; columns: unknown[] };
    const ingestMs = performance.now() - t0;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, rssBytes(server.pid));
    if (res.status !== 201) throw new Error(`ingest: ${res.status} ${JSON.stringify(version).slice(0, 300)}`);
    await api(mod, 'POST', `/api/dataset-versions/${version.id}/approve`, {});

    const query = async (params: URLSearchParams) => {
      const t = performance.now();
      const r = await fetch(`${server.baseUrl}/api/public/datasets/${ds.slug}/data?${params}`);
      const body = (await r.json()) as { rows: unknown[] };
      if (r.status !== 200 || body.rows.length === 0) throw new Error(`query ${params}: ${r.status} ${JSON.stringify(body).slice(0, 200)}`);
      return performance.now() - t;
    };
    const series: number[] = [];
    const monthly: number[] = [];
    for (let i = 0; i < opts.queries; i++) {
      series.push(
        await query(new URLSearchParams({ version: '1', columns: `date,count_${(i % 10) * 3}`, where: `country:eq:${country((i * 37) % COUNTRIES)}` })),
      );
      const set = Array.from({ length: 30 }, (_, k) => country((i * 7 + k * 5) % COUNTRIES));
      monthly.push(
        await query(
          new URLSearchParams({
            version: '1',
            columns: 'country,date,count_0',
            where: `country:in:${set.join('|')}`,
            groupBy: 'country,date:month',
            agg: 'sum',
          }),
        ),
      );
    }
    return {
      rows: version.rows,
      columns: version.columns.length,
      fileBytes,
      ingestMs: round(ingestMs, 0),
      rssGrowthBytes: rssPeak - rssBefore,
      seriesQuery: summarize(series.slice(2)),
      monthlyAggregateQuery: summarize(monthly.slice(2)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
