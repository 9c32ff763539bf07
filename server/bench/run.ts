import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../test/support/test-database';
import { acceptBench } from './accept';
import { ackLatency } from './ack-latency';
import { editLoad } from './edit-load';
import { idleBench } from './idle';
import { joinBench } from './join';
import { hasCjkFont, lighthouseBench } from './lighthouse';
import type { ServerProcess } from '../test/support/server-process';
import { startBenchServer } from './load/bench-server';
import { publicPages, publicPagesRows } from './public-pages';
import { reachBench } from './reach';
import { scientificPageBench } from './scientific-page';
import { soakBench } from './soak';
import { printTable, round } from './stats';
import { uploadBench } from './upload';
import { datasetsBench } from './datasets';
import { reportsBench } from './reports';

/**
 * `npm run bench [-- --only=ack,edit,multi,join,idle,public,soak,accept,upload,scientific,datasets,reach,reports,lighthouse] [--pages=editor,account] [--soak] [--soak-minutes=20] [--points=50,100,200,400] [--duration=20] [--warmup=3] [--embedded] [--edits=1000] [--edit-rate=2] [--awareness-rate=1]`
 *
 * Runs the benchmarks, prints tables and writes every figure as JSON under
 * bench/results/. The soak (20 minutes) runs only when asked for, with
 * `--only=soak` or `--soak` (added to the others). The server runs as a child process pinned to CPU 0 (taskset),
 * this generator to CPU 1 (scripts/bench.mjs). Real Postgres (DATABASE_URL, or
 * postgres on 127.0.0.1) unless --embedded. `accept` (50 simultaneous accepts of
 * one invitation), `upload` (20 MB figures, one at a time) and `scientific` (the public page of an entry
 * with 20 figures, 5 tables, 30 formulas and 40 references, cold and cached) run only when asked for.
 */
const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'] as [string, string];
  }),
);
const only = new Set((args.get('only') ?? 'ack,edit,multi,join,idle,public').split(','));
if (args.get('soak') === 'true') only.add('soak');
const SOAK_MINUTES = Number(args.get('soak-minutes') ?? 20);
const POINTS = (args.get('points') ?? '50,100,200,400').split(',').map(Number);
const DURATION_S = Number(args.get('duration') ?? 20);
/** Load before each editing point's measurement starts (not counted in its figures). */
const WARMUP_S = Number(args.get('warmup') ?? 3);
const EDITS = Number(args.get('edits') ?? 1000);
const EMBEDDED = args.get('embedded') === 'true';
/** Per editor; the issue's load is 2 edits/s and 1 awareness update/s (other rates are for experiments). */
const EDIT_RATE = Number(args.get('edit-rate') ?? 2);
const AWARENESS_RATE = Number(args.get('awareness-rate') ?? 1);
const PIN = os.cpus().length >= 2 && fs.existsSync('/usr/bin/taskset') ? '0' : undefined;
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function database(embedded: boolean): Promise<TestDatabase> {
  const saved = { url: process.env.DATABASE_URL, ci: process.env.CI };
  if (embedded) {
    delete process.env.DATABASE_URL;
    delete process.env.CI;
  } else process.env.DATABASE_URL = PG_URL;
  try {
    return await createTestDatabase();
  } finally {
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
    if (saved.ci !== undefined) process.env.CI = saved.ci;
  }
}

/**
 * Runs `fn` with `count` bench servers on a fresh database (sharing it, and
 * `env`), then stops them and drops the database, whatever happened.
 */
async function withServers<T>(
  embedded: boolean,
  opts: { count?: number; env?: Record<string, string>; nodeArgs?: string[] },
  fn: (servers: ServerProcess[]) => Promise<T>,
): Promise<T> {
  const db = await database(embedded);
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < (opts.count ?? 1); i++) servers.push(await startBenchServer({ ...db.env, ...opts.env }, PIN, opts.nodeArgs));
    return await fn(servers);
  } finally {
    for (const s of servers) await s.stop();
    await db.drop();
  }
}

/** What the load was and where it ran, for table titles. */
const LOAD = `${EDIT_RATE} edits/s and ${AWARENESS_RATE} awareness/s per editor`;
const PLACEMENT = PIN ? 'server on CPU 0, generator on CPU 1' : 'not pinned';

/** Join phases as table columns: handshake, the server's whole-document answer, the client applying it. */
function phases(p: { open: number; answer: number; apply: number } | null): Record<string, string | number> {
  return { 'handshake ms': p?.open ?? '', 'answer ms': p?.answer ?? '', 'client apply ms': p?.apply ?? '' };
}

async function main() {
  const started = new Date();
  const results: Record<string, unknown> = {};
  const dbName = EMBEDDED ? 'embedded (PGlite)' : 'Postgres';

  if (only.has('ack')) {
    const rows: Record<string, string | number>[] = [];
    for (const embedded of [true, false]) {
      const db = await database(embedded);
      try {
        const name = embedded ? 'embedded (PGlite)' : 'Postgres';
        log(`ack latency at rest on ${name}: ${EDITS} edits`);
        const r = await ackLatency(db, EDITS);
        results[`ack:${name}`] = r;
        rows.push({ database: name, edits: r.n, 'p50 ms': r.p50, 'p99 ms': r.p99, 'max ms': r.max });
      } finally {
        await db.drop();
      }
    }
    printTable('Durable ack at rest (one editor, one edit at a time)', rows);
  }

  if (only.has('edit')) {
    const rows: Record<string, string | number>[] = [];
    const variants = [...POINTS.map((n) => ({ editors: n, entries: 1 })), { editors: Math.max(...POINTS), entries: 20 }];
    for (const v of variants) {
      await withServers(EMBEDDED, {}, async ([server]) => {
        log(`edit: ${v.editors} editors on ${v.entries} entr${v.entries === 1 ? 'y' : 'ies'}, ${DURATION_S} s`);
        const r = await editLoad([server], {
          ...v,
          durationSec: DURATION_S,
          warmupSec: WARMUP_S,
          editsPerSec: EDIT_RATE,
          awarenessPerSec: AWARENESS_RATE,
          fullReplicas: 4,
          ackEditors: Math.min(50, v.editors),
        });
        results[`edit:${v.editors}x${v.entries}`] = r;
        rows.push({
          editors: r.editors,
          entries: r.entries,
          'edits sent': r.editsSent,
          'p50 ms': r.latency.p50,
          'p99 ms': r.latency.p99,
          'max ms': r.latency.max,
          'p99 by join quarter ms': r.p99ByJoinQuartile.join(' / '),
          delivered: r.delivered,
          converged: r.converged ? 'yes' : 'NO',
          'server CPU %': r.serverCpuPercent,
          'server RSS MB': r.serverRssMB,
          'ack p50 ms': r.ack.p50,
          'ack p99 ms': r.ack.p99,
          'generator CPU %': `${r.generatorCpuPercent}${r.generatorSaturated ? ' (saturated)' : ''}`,
          'frames out/s': r.framesOutPerSec,
          'writes/s': r.socketWritesPerSec,
        });
      });
    }
    printTable(`Editing load on ${dbName} (${LOAD}; ${PLACEMENT})`, rows);
  }

  if (only.has('multi') && !EMBEDDED) {
    // Two instances through Redis on one Postgres, both on CPU 0; editors alternate between them.
    const redis = { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: `bench${process.pid}` };
    await withServers(false, { count: 2, env: redis }, async (servers) => {
      const editors = Number(args.get('multi-editors') ?? 200);
      log(`multi: ${editors} editors on 1 entry across 2 instances (Redis), ${DURATION_S} s`);
      const r = await editLoad(servers, {
        editors,
        entries: 1,
        durationSec: DURATION_S,
        warmupSec: WARMUP_S,
        editsPerSec: EDIT_RATE,
        awarenessPerSec: AWARENESS_RATE,
        fullReplicas: 4,
        ackEditors: 50,
      });
      results[`multi:${editors}x2`] = r;
      printTable(`Two instances through Redis (${LOAD}; ${PIN ? 'both on CPU 0' : 'not pinned'}; CPU is the mean of the two)`, [
        {
          editors: r.editors,
          instances: 2,
          'p50 ms': r.latency.p50,
          'p99 ms': r.latency.p99,
          delivered: r.delivered,
          converged: r.converged ? 'yes' : 'NO',
          'server CPU % (each)': r.serverCpuPercent,
          'ack p99 ms': r.ack.p99,
        },
      ]);
    });
  }

  if (only.has('join')) {
    await withServers(EMBEDDED, {}, async ([server]) => {
      log('join: a 100k-character entry from the automerge-paper trace');
      const r = await joinBench(server, async () => {
        await server.stop();
        await server.start();
      });
      results.join = r;
      printTable(`Join a ${r.chars}-character entry (${r.updateBytes} bytes of Yjs state) on ${dbName}`, [
        { case: 'warm (in memory)', 'p50 ms': r.warm.p50, 'max ms': r.warm.max, samples: r.warm.n, ...phases(r.warmPhasesMs) },
        { case: `cold (after a restart, from ${dbName})`, 'p50 ms': r.cold.p50, 'max ms': r.cold.max, samples: r.cold.n, ...phases(r.coldPhasesMs) },
        { case: 'freeze a revision of it (POST /revisions)', 'p50 ms': r.freeze.p50, 'max ms': r.freeze.max, samples: r.freeze.n, ...phases(null) },
      ]);
      console.log(`empty document ever shown first: ${r.emptyFirst ? 'YES' : 'no'}`);
    });
  }

  if (only.has('lighthouse')) {
    await withServers(EMBEDDED, {}, async ([server]) => {
      log('lighthouse: every workspace page and the public home and entry page, desktop and mobile');
      const pages = (args.get('pages') ?? '').split(',').filter(Boolean);
      const r = await lighthouseBench(server, pages);
      results.lighthouse = r;
      results.lighthouseHost = { cjkFont: hasCjkFont() };
      printTable('Lighthouse (performance / accessibility / best practices / SEO)', [
        ...r.map((s) => ({
          page: s.page,
          form: s.formFactor,
          perf: s.performance,
          a11y: s.accessibility,
          'best pr.': s.bestPractices,
          seo: s.seo,
          'LCP ms': s.lcpMs,
          CLS: s.cls,
          'TBT ms': s.tbtMs,
          'CPU index': s.benchmarkIndex ?? '',
          'CPU ×': s.cpuSlowdown ?? '',
          ...(s.runs > 1 ? { runs: s.runs, 'perf range': `${s.performanceRange[0]}–${s.performanceRange[1]}` } : {}),
        })),
      ]);
      const low = r.filter((s) => Math.min(s.performance, s.accessibility, s.bestPractices, s.seo) < 95);
      console.log(
        low.length
          ? `under 95: ${low.map((s) => `${s.page} (${s.formFactor}): ${s.failing.join(', ')}`).join('; ')}`
          : 'every page scores at least 95 in all four',
      );
    });
  }

  if (only.has('idle')) {
    await withServers(EMBEDDED, { nodeArgs: ['--inspect=127.0.0.1:0'] }, async ([server]) => {
      log('idle: 1,000 connections over 100 entries');
      const r = await idleBench(server);
      results.idle = r;
      printTable(`Idle connections on ${dbName}`, [
        {
          connections: r.connections,
          entries: r.entries,
          open: r.open,
          'RSS before MB': r.rssBeforeMB,
          'RSS after MB': r.rssAfterMB,
          'bytes/connection': r.bytesPerConnection,
          'of which V8 heap': r.heapBytesPerConnection,
          Buffers: r.externalBytesPerConnection,
        },
      ]);
    });
  }

  if (only.has('public')) {
    await withServers(EMBEDDED, {}, async ([server]) => {
      log('public pages: a cached entry page side by side with bare node:http serving its bytes (alternating rounds), and a search, 50 connections');
      // Both are demo content the seed publishes.
      const r = await publicPages(server.baseUrl, {
        connections: 50,
        durationSec: DURATION_S,
        rounds: 10,
        entryPath: '/e/mrna-vaccine-platforms',
        searchPath: '/search?q=vaccine',
        cpu: PIN,
        serverPid: server.pid,
      });
      results.public = r;
      printTable(
        `Public pages on ${dbName} (autocannon, 50 connections; ${PIN ? 'app and bare server on CPU 0, generator on CPU 1' : 'not pinned'}; medians of ${r.rounds.length} alternating rounds)`,
        publicPagesRows(r),
      );
    });
  }

  if (only.has('soak')) {
    await withServers(EMBEDDED, { nodeArgs: ['--inspect=127.0.0.1:0'] }, async ([server]) => {
      const o = {
        minutes: SOAK_MINUTES,
        editors: 200,
        entries: 10,
        editsPerSec: 1,
        awarenessPerSec: 1,
        churnPerSec: 2,
        stormEveryMin: 2,
        stormSize: 100,
        slowReaders: 10,
        slowPauseSec: 30,
      };
      log(
        `soak: ${o.minutes} min, ${o.editors} editors on ${o.entries} entries (${o.churnPerSec}/s leave and join, ${o.stormSize} reconnect at once every ${o.stormEveryMin} min), ${o.slowReaders} slow readers`,
      );
      const r = await soakBench(server, o, log);
      results.soak = r;
      printTable(
        `Soak on ${dbName}: memory after a full GC, each minute (${o.editsPerSec} edit/s and ${o.awarenessPerSec} awareness/s per editor)`,
        r.samples.map((s) => ({
          minute: s.minute,
          'RSS MB': s.rssMB,
          'heap MB': s.heapMB,
          'Buffers MB': s.externalMB,
          connections: s.connections,
          'loaded entries': s.loadedEntries,
          edits: s.edits,
          joins: s.joins,
          'held back': s.heldBack,
        })),
      );
      console.log(`slope over minutes 1-${o.minutes} (least squares): RSS ${r.rssSlopeMBPerMin} MB/min, heap ${r.heapSlopeMBPerMin} MB/min`);
      console.log(
        `after everyone left: RSS ${r.afterLeaving.rssMB} MB, heap ${r.afterLeaving.heapMB} MB, ${r.afterLeaving.loadedEntries} entries loaded (at minute 0: RSS ${r.samples[0].rssMB} MB, heap ${round(r.samples[0].heapMB, 1)} MB)`,
      );
    });
  }

  if (only.has('accept')) {
    await withServers(EMBEDDED, {}, async ([server]) => {
      log('accept: 50 people accept one invitation (maxUses 50) at once');
      const r = await acceptBench(server, { accepts: 50, maxUses: 50 });
      results.accept = r;
      printTable(`Invitation accepts at once on ${dbName} (${PLACEMENT}; end to end from the generator)`, [
        {
          n: r.latency.n,
          'p50 ms': r.latency.p50,
          'p99 ms': r.latency.p99,
          'max ms': r.latency.max,
          'all done ms': r.wallMs,
          refused: r.refused,
          'server CPU %': r.serverCpuPercent,
        },
      ]);
    });
  }

  if (only.has('scientific')) {
    await withServers(EMBEDDED, {}, async ([server]) => {
      log('scientific: the public page of an entry with 20 figures, 5 tables, 30 formulas and 40 references');
      const r = await scientificPageBench(server);
      results.scientific = r;
      const row = (what: string, s: { n: number; p50: number; p99: number; max: number }) => ({
        request: what,
        n: s.n,
        'p50 ms': s.p50,
        'p99 ms': s.p99,
        'max ms': s.max,
      });
      printTable(`Scientific entry page on ${dbName} (${PLACEMENT}; ${r.bodyBytes} bytes of HTML; sequential requests from the generator)`, [
        row('page, cold (not in the page cache: rendered)', r.cold),
        row('page, cached', r.cached),
        row('its math.css, cold', r.mathCssCold),
        row('its Markdown export, cold', r.markdownCold),
      ]);
      console.log(
        `submit (freeze with KaTeX and the Vancouver list): ${r.freezeMs} ms; first page view after the publication: ${r.firstAfterPublicationMs} ms`,
      );
    });
  }

  if (only.has('upload')) {
    await withServers(EMBEDDED, {}, async ([server]) => {
      log('upload: five 20 MB noise PNGs, one after another (after a warm-up)');
      const r = await uploadBench(server, { count: 5, megabytes: 20 });
      results.upload = r;
      printTable(`Figure uploads on ${dbName} (${PLACEMENT}; end to end: parse, sniff, strip, re-encode, 3 variants, store)`, [
        {
          'image MB': round(r.bytes / 1_000_000, 1),
          pixels: `${r.width}×${r.height}`,
          n: r.latency.n,
          'p50 ms': r.latency.p50,
          'max ms': r.latency.max,
          'MB/s (p50)': r.mbPerSecP50,
          'MB/s (best)': r.mbPerSecBest,
          'server CPU %': r.serverCpuPercent,
        },
      ]);
    });
  }

  if (only.has('reach')) {
    // One database, two servers on the same core: one counting (flushing every second), one with DO_NOT_COUNT=true.
    const db = await database(EMBEDDED);
    const counting = await startBenchServer({ ...db.env, DEMO_DATASET_COUNTRIES: '0', REACH_FLUSH_MS: '1000' }, PIN);
    const silent = await startBenchServer({ ...db.env, DEMO_DATASET_COUNTRIES: '0', DO_NOT_COUNT: 'true' }, PIN);
    try {
      log('reach: a cached entry page with readership counting on and off (alternating rounds, a new reader per request), 50 connections');
      const r = await reachBench(counting, silent, { path: '/e/mrna-vaccine-platforms', rounds: 10, secondsPerRound: 2, connections: 50 });
      results.reach = r;
      printTable(`Public page with counting on vs off on ${dbName} (${PLACEMENT}; medians of ${r.rounds} alternating rounds of ${r.secondsPerRound} s)`, [
        {
          counting: 'on',
          'req/s': r.on.reqPerSec,
          'p50 ms': r.on.p50Ms,
          'p99 ms': r.on.p99Ms,
          'server µs/req': r.on.serverCpuUsPerRequest,
          non2xx: r.on.non2xx,
        },
        {
          counting: 'off',
          'req/s': r.off.reqPerSec,
          'p50 ms': r.off.p50Ms,
          'p99 ms': r.off.p99Ms,
          'server µs/req': r.off.serverCpuUsPerRequest,
          non2xx: r.off.non2xx,
        },
        { counting: 'on/off', 'req/s': r.ratio, 'p50 ms': '', 'p99 ms': '', 'server µs/req': '', non2xx: '' },
      ]);
    } finally {
      await counting.stop();
      await silent.stop();
      await db.drop();
    }
  }

  if (only.has('datasets')) {
    await withServers(EMBEDDED, {}, async ([server]) => {
      log('datasets: ingest a 400,000-row × 60-column CSV, then per-country series and 30-country monthly aggregates (uncached)');
      const r = await datasetsBench(server, { rows: 400_000, queries: 32 });
      results.datasets = r;
      printTable(`Datasets on ${dbName} (${PLACEMENT})`, [
        {
          rows: r.rows,
          columns: r.columns,
          'file MB': round(r.fileBytes / 1_000_000, 1),
          'ingest s': round(r.ingestMs / 1000, 1),
          'RSS growth MB': round(r.rssGrowthBytes / 1_048_576, 0),
          'series p50 ms': r.seriesQuery.p50,
          'monthly 30 p50 ms': r.monthlyAggregateQuery.p50,
        },
      ]);
    });
  }

  if (only.has('reports')) {
    await withServers(EMBEDDED, {}, async ([server]) => {
      log('reports: a 500 MB media file uploaded in 8 MB chunks (one cut off midway and resumed), then 20 readers of 1 MB ranges for 15 s');
      const r = await reportsBench(server, { bytes: 500 * 1_000_000, readers: 20, rangeSeconds: 15 });
      results.reports = r;
      printTable(`Reports on ${dbName} (${PLACEMENT})`, [
        {
          'file MB': r.fileBytes / 1_000_000,
          'upload s': round(r.uploadMs / 1000, 1),
          'upload MB/s': r.uploadMBps,
          'last chunk s': round(r.completeMs / 1000, 1),
          'sha ok': r.sha256Matches ? 'yes' : 'NO',
          readers: r.readers,
          'range MB/s': r.rangeMBps,
          'range req': r.rangeRequests,
        },
      ]);
    });
  }

  const out = path.resolve(__dirname, '..', '..', '..', 'bench', 'results');
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, pinned: PIN !== undefined };
  fs.writeFileSync(file, JSON.stringify({ startedAt: started.toISOString(), args: Object.fromEntries(args), machine, results }, null, 2));
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

function log(line: string) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
