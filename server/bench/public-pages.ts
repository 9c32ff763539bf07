import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { cpuTimeMs } from './load/proc-stats';
import type { BareAnswer } from './public-pages-bare-server';
import { round } from './stats';

/**
 * Public pages under load (issue 3, item 5; issue 9): a cached entry page,
 * side by side with its ceiling, and a search URL.
 *
 * The ceiling is bare node:http serving the very bytes the app answered for
 * the entry page (public-pages-bare-server.ts), in a child process pinned to
 * the app server's core. The two are hammered in alternating rounds
 * (app, bare, app, bare…) by the same generator with the same keep-alive
 * connections, and each side's figures are the median of its rounds: on a
 * machine where other work comes and goes, both sides see the same
 * weather, and the ratio is what to read.
 *
 * Every answer must be a 200 (a 304 or an error would flatter the figures):
 * non-2xx answers are counted and reported. The generator's own CPU share is
 * reported too: near 100 % it, not the server, would be the limit. So is the
 * server's CPU time per answer, which other load on the machine disturbs far
 * less than throughput does.
 */
export interface PublicPagesOptions {
  connections: number;
  /** Seconds per side (split into `rounds`) and for the search. */
  durationSec: number;
  /** Alternating rounds per side. */
  rounds: number;
  /** e.g. /e/mrna-vaccine-platforms (must be published). */
  entryPath: string;
  /** e.g. /search?q=vaccine */
  searchPath: string;
  /** The app server's CPU list (taskset -c): the bare server is pinned to the same. */
  cpu?: string;
  /** The app server's process, for its CPU time. */
  serverPid: number;
}

export interface LoadFigures {
  path: string;
  /** Mean requests per second over the run. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** The load generator's CPU time over wall time (its own core is 100). */
  generatorCpuPercent: number;
  /** The server's CPU time over wall time, and per answer (microseconds). */
  serverCpuPercent: number;
  serverCpuUsPerRequest: number;
}

export interface PublicPagesResult {
  /** The app serving the cached entry page: medians of its rounds. */
  entry: LoadFigures;
  /** Bare node:http serving the same bytes: medians of its rounds. */
  bare: LoadFigures;
  /** entry.reqPerSec / bare.reqPerSec, in per cent. */
  percentOfBare: number;
  /** bare.serverCpuUsPerRequest / entry.serverCpuUsPerRequest, in per cent: the same comparison in CPU cost. */
  cpuPercentOfBare: number;
  rounds: { app: LoadFigures; bare: LoadFigures }[];
  /** The entry page's body as served (the bare server sends exactly this). */
  bodyBytes: number;
  search: LoadFigures;
}

/** What the generator sends with every request (a reader of the English site). */
const HEADERS = { 'accept-language': 'en' };

export async function publicPages(baseUrl: string, opts: PublicPagesOptions): Promise<PublicPagesResult> {
  const entryUrl = new URL(opts.entryPath, baseUrl).toString();
  const answer = await captureAnswer(entryUrl);
  const bare = await startBareServer(answer, opts.cpu);
  try {
    const bareUrl = `${bare.baseUrl}${opts.entryPath}`;
    const echoed = await captureAnswer(bareUrl);
    if (!echoed.body.equals(answer.body)) throw new Error('the bare server does not answer the same bytes');

    const seconds = Math.max(1, Math.round(opts.durationSec / opts.rounds));
    const rounds: PublicPagesResult['rounds'] = [];
    for (let i = 0; i < opts.rounds; i++) {
      const app = await hammer(entryUrl, opts.entryPath, seconds, opts.connections, opts.serverPid);
      const ceiling = await hammer(bareUrl, `${opts.entryPath} (bare node:http)`, seconds, opts.connections, bare.pid);
      rounds.push({ app, bare: ceiling });
    }
    const entry = medianOf(rounds.map((r) => r.app));
    const bareFigures = medianOf(rounds.map((r) => r.bare));
    const search = await warmAndHammer(new URL(opts.searchPath, baseUrl).toString(), opts.searchPath, opts.durationSec, opts.connections, opts.serverPid);
    return {
      entry,
      bare: bareFigures,
      percentOfBare: round((100 * entry.reqPerSec) / bareFigures.reqPerSec, 1),
      cpuPercentOfBare: round((100 * bareFigures.serverCpuUsPerRequest) / entry.serverCpuUsPerRequest, 1),
      rounds,
      bodyBytes: answer.body.length,
      search,
    };
  } finally {
    await bare.stop();
  }
}

/** Rows for printTable: the app, the bare ceiling, the search. */
export function publicPagesRows(r: PublicPagesResult): Record<string, string | number>[] {
  const row = (what: string, x: LoadFigures, ofBare: string, cpuOfBare: string) => ({
    what,
    'req/s': x.reqPerSec,
    'of bare': ofBare,
    'p50 ms': x.p50Ms,
    'p99 ms': x.p99Ms,
    'server CPU %': x.serverCpuPercent,
    'server µs/req': x.serverCpuUsPerRequest,
    'of bare (CPU)': cpuOfBare,
    requests: x.requests,
    'non-2xx': x.non2xx,
    errors: x.errors,
    'generator CPU %': x.generatorCpuPercent,
  });
  return [
    row(`app: ${r.entry.path} (${r.bodyBytes} B)`, r.entry, `${r.percentOfBare} %`, `${r.cpuPercentOfBare} %`),
    row('bare node:http, same bytes', r.bare, '100 %', '100 %'),
    row(`app: ${r.search.path}`, r.search, '', ''),
  ];
}

interface CapturedAnswer {
  status: number;
  /** Raw header names and values, flat, without those Node adds to every answer. */
  headers: string[];
  body: Buffer;
}

/** Fetches the page twice (the first fills the cache, the second comes from it) and keeps the second answer's exact headers and bytes. */
async function captureAnswer(url: string): Promise<CapturedAnswer> {
  await get(url);
  const answer = await get(url);
  if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}: publish the entry first`);
  return answer;
}

function get(url: string): Promise<CapturedAnswer> {
  const added = new Set(['date', 'connection', 'keep-alive']);
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: HEADERS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            if (!added.has(res.rawHeaders[i].toLowerCase())) headers.push(res.rawHeaders[i], res.rawHeaders[i + 1]);
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
      })
      .on('error', reject);
  });
}

/** The bare server as a child process on `cpu` (taskset), serving `answer`. */
async function startBareServer(answer: CapturedAnswer, cpu: string | undefined): Promise<{ baseUrl: string; pid: number; stop(): Promise<void> }> {
  const file = path.join(os.tmpdir(), `kh-bare-answer-${process.pid}.json`);
  const spec: BareAnswer = { status: answer.status, headers: answer.headers, bodyBase64: answer.body.toString('base64') };
  fs.writeFileSync(file, JSON.stringify(spec));
  const program = [process.execPath, path.join(__dirname, 'public-pages-bare-server.js'), file];
  const child: ChildProcess = cpu
    ? spawn('taskset', ['-c', cpu, ...program], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(program[0], program.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!, // taskset execs node in place
    async stop() {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(file, { force: true });
    },
  };
}

async function warmAndHammer(url: string, label: string, seconds: number, connections: number, serverPid: number): Promise<LoadFigures> {
  await captureAnswer(url);
  return hammer(url, label, seconds, connections, serverPid);
}

async function hammer(url: string, label: string, seconds: number, connections: number, serverPid: number): Promise<LoadFigures> {
  const cpuBefore = process.cpuUsage();
  const serverCpuBeforeMs = cpuTimeMs(serverPid);
  const startedMs = performance.now();
  const result = await autocannon({ url, connections, duration: seconds, headers: HEADERS });
  const wallMs = performance.now() - startedMs;
  const serverCpuMs = cpuTimeMs(serverPid) - serverCpuBeforeMs;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    path: label,
    reqPerSec: round(result.requests.mean, 0),
    p50Ms: round(result.latency.p50),
    p99Ms: round(result.latency.p99),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    generatorCpuPercent: round((100 * (cpu.user + cpu.system)) / 1000 / wallMs, 0),
    serverCpuPercent: round((100 * serverCpuMs) / wallMs, 0),
    serverCpuUsPerRequest: round((1000 * serverCpuMs) / Math.max(1, result.requests.total), 1),
  };
}

/** Per figure, the median over rounds (counts are summed). */
function medianOf(runs: LoadFigures[]): LoadFigures {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
  };
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    path: runs[0].path,
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    requests: sum(runs.map((r) => r.requests)),
    non2xx: sum(runs.map((r) => r.non2xx)),
    errors: sum(runs.map((r) => r.errors)),
    generatorCpuPercent: median(runs.map((r) => r.generatorCpuPercent)),
    serverCpuPercent: median(runs.map((r) => r.serverCpuPercent)),
    serverCpuUsPerRequest: median(runs.map((r) => r.serverCpuUsPerRequest)),
  };
}
