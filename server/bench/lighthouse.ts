import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import { ApiClient, signIn } from '../test/support/api-client';
import type { ServerProcess } from '../test/support/server-process';

/**
 * Lighthouse over every page of the workspace and the public site, desktop and
 * mobile, signed in as the demo moderator (who sees every workspace page but
 * the admin console) and the demo admin (for the console).
 *
 * Lighthouse is not a dependency of the project (it brings about 200 packages
 * that nothing else needs): the first run installs the pinned version into
 * `.cache/lighthouse` (git-ignored). Chromium comes from CHROMIUM_PATH
 * (default /usr/bin/chromium); no browser is ever downloaded.
 */
export const LIGHTHOUSE_VERSION = '12.8.2';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CACHE = path.join(ROOT, '.cache', 'lighthouse');

export interface PageScore {
  page: string;
  url: string;
  formFactor: 'desktop' | 'mobile';
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  lcpMs: number;
  cls: number;
  tbtMs: number;
  /**
   * Lighthouse's measure of the host's CPU (higher is faster), taken with every report. Mobile scores are
   * simulated from the host's own timings slowed down four times, so the same page scores lower on a slower
   * host: compare runs only with similar indexes (Lighthouse's docs put a high-end desktop at 1500–2000).
   */
  benchmarkIndex: number | null;
  /** The CPU slowdown the scores were simulated with (Lighthouse's default: 4 on mobile, 1 on desktop). */
  cpuSlowdown: number | null;
  /** How many times the page was audited (LIGHTHOUSE_RUNS); the figures are those of Lighthouse's median run. */
  runs: number;
  /** The lowest and highest performance score over those runs (one run: the same twice). */
  performanceRange: [number, number];
  /** Audits that did not pass, with their category, for the categories under 100. */
  failing: string[];
  /** What those audits found (outside performance): their first items, as Lighthouse reports them. */
  findings: Record<string, unknown[]>;
}

interface LighthouseResult {
  /** What Lighthouse gathered: `Trace` is the page load's trace (unthrottled; the mobile figures are simulated from it). */
  artifacts?: { Trace?: unknown };
  lhr: {
    categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
    audits: Record<
      string,
      { score: number | null; scoreDisplayMode: string; numericValue?: number; title: string; explanation?: string; details?: { items?: unknown[] } }
    >;
    runtimeError?: { message: string };
    environment?: { benchmarkIndex?: number };
    configSettings?: { throttling?: { cpuSlowdownMultiplier?: number } };
  };
}

type LighthouseFn = (url: string, flags: Record<string, unknown>, config?: unknown) => Promise<LighthouseResult | undefined>;

/** Lighthouse's package.json and lockfile (server/bench/lighthouse-deps): the audits run on exactly these versions. */
const DEPS = path.join(ROOT, 'server', 'bench', 'lighthouse-deps');

/**
 * Installs Lighthouse into .cache/lighthouse from its lockfile, unless that lockfile was installed there
 * already. `npm install`, not `npm ci`: one of Lighthouse's own dependencies (@paulirish/trace_engine) asks
 * for the "latest" third-party-web and legacy-javascript, which npm ci takes for a lockfile out of date;
 * npm install keeps every locked version and adds those two where "latest" has moved.
 */
function ensureLighthouse(): void {
  const lock = fs.readFileSync(path.join(DEPS, 'package-lock.json'), 'utf8');
  const marker = path.join(CACHE, '.installed-lockfile');
  const installed = path.join(CACHE, 'node_modules', 'lighthouse', 'package.json');
  if (fs.existsSync(installed) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === lock) return;
  fs.rmSync(CACHE, { recursive: true, force: true });
  fs.mkdirSync(CACHE, { recursive: true });
  // Its own package.json, so that npm installs here and never walks up into the project's node_modules.
  fs.copyFileSync(path.join(DEPS, 'package.json'), path.join(CACHE, 'package.json'));
  fs.writeFileSync(path.join(CACHE, 'package-lock.json'), lock);
  console.log(`installing lighthouse@${LIGHTHOUSE_VERSION} into ${CACHE} from its lockfile (once)`);
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: CACHE, stdio: 'inherit' });
  const version = JSON.parse(fs.readFileSync(installed, 'utf8')).version;
  if (version !== LIGHTHOUSE_VERSION) throw new Error(`lighthouse-deps installs lighthouse ${version}, the bench expects ${LIGHTHOUSE_VERSION}`);
  fs.writeFileSync(marker, lock);
}

/** ESM import that tsc's CommonJS output leaves alone. */
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

/** The pages to audit, found or made through the API: a group, an entry, a pending revision, a dataset, a report. */
async function pagesToAudit(server: ServerProcess): Promise<{ page: string; path: string; as: 'moderator' | 'admin' | 'anonymous' }[]> {
  const alice = await ApiClient.signIn(server, 'alice@demo.hub');
  const groups = (await alice.expect(200, 'GET', '/api/groups')).body as { slug: string }[];
  const group = groups[0].slug;
  const entries = (await alice.expect(200, 'GET', `/api/groups/${group}/entries`)).body as { id: string; slug: string; published: unknown }[];
  const published = entries.find((e) => e.published) ?? entries[0];
  // A pending revision for the review page: alice edits an entry and submits it.
  await alice.edit(published.id, (doc: Y.Doc) => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('A sentence added for the review page of the Lighthouse run.')]);
    doc.getXmlFragment(DOC_BODY).push([p]);
  });
  const revision = await alice.submit(published.id);
  const datasets = (await alice.expect(200, 'GET', `/api/groups/${group}/datasets`)).body as { id: string }[];
  let reports = (await alice.expect(200, 'GET', `/api/groups/${group}/reports`)).body as { id: string }[];
  if (reports.length === 0) {
    await alice.expect(201, 'POST', `/api/groups/${group}/reports`, { title: 'Weekly briefing', kind: 'video', recordedAt: '2026-11-02' });
    reports = (await alice.expect(200, 'GET', `/api/groups/${group}/reports`)).body as { id: string }[];
  }
  const pages: { page: string; path: string; as: 'moderator' | 'admin' | 'anonymous' }[] = [
    { page: 'sign-in', path: '/app/login', as: 'anonymous' },
    { page: 'groups', path: '/app/', as: 'moderator' },
    { page: 'group', path: `/app/g/${group}`, as: 'moderator' },
    { page: 'editor', path: `/app/e/${published.id}`, as: 'moderator' },
    { page: 'review queue', path: '/app/review', as: 'moderator' },
    { page: 'review', path: `/app/review/${revision.id}`, as: 'moderator' },
    { page: 'search', path: '/app/search?q=vaccine', as: 'moderator' },
    { page: 'notifications', path: '/app/notifications', as: 'moderator' },
    { page: 'account', path: '/app/account', as: 'moderator' },
    { page: 'datasets', path: `/app/g/${group}/datasets`, as: 'moderator' },
    { page: 'reports', path: `/app/g/${group}/reports`, as: 'moderator' },
    { page: 'admin', path: '/app/admin', as: 'admin' },
    { page: 'public home', path: '/', as: 'anonymous' },
    { page: 'public entry', path: `/e/${published.slug}`, as: 'anonymous' },
  ];
  if (datasets[0]) pages.splice(10, 0, { page: 'dataset', path: `/app/datasets/${datasets[0].id}`, as: 'moderator' });
  if (reports[0]) pages.splice(pages.length - 3, 0, { page: 'report', path: `/app/reports/${reports[0].id}`, as: 'moderator' });
  return pages;
}

/**
 * Whether the host has a font for Chinese text (fontconfig). Every workspace page shows 中文 (the language switch): without
 * such a font Chromium searches every installed font for the glyphs on each page load, a task no phone has (Android and
 * iOS ship CJK fonts) that costs a simulated phone about 100 ms of blocking time. The bench says so rather than score it.
 */
export function hasCjkFont(): boolean | null {
  if (cjkFont === undefined) {
    try {
      cjkFont = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim().length > 0;
    } catch {
      cjkFont = null; // no fontconfig: unknown
    }
  }
  return cjkFont;
}
let cjkFont: boolean | null | undefined; // asked once per run

/**
 * The mobile CPU slowdown, when not Lighthouse's 4: LIGHTHOUSE_CPU_SLOWDOWN=<n>. Lighthouse's 4 assumes a host with
 * a CPU index of 1500–2000; on a faster host the same 4 simulates a faster phone, and a larger n compensates.
 */
function cpuSlowdown(): number | null {
  const raw = process.env.LIGHTHOUSE_CPU_SLOWDOWN;
  if (!raw) return null;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1 || n > 40) throw new Error(`LIGHTHOUSE_CPU_SLOWDOWN must be a number from 1 to 40, not ${raw}`);
  return n;
}

/**
 * How many times each page is audited: LIGHTHOUSE_RUNS=<n> (default 1). Lighthouse's mobile figures move a lot
 * from run to run on a busy 2-core host (the editor's TBT: 290–800 ms over eight runs of the same build), so a
 * figure to quote is the median run of several, chosen as Lighthouse's own tools choose it (computeMedianRun).
 */
function lighthouseRuns(): number {
  const raw = process.env.LIGHTHOUSE_RUNS;
  if (!raw) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 15) throw new Error(`LIGHTHOUSE_RUNS must be a whole number from 1 to 15, not ${raw}`);
  return n;
}

/** One Chromium, every page in both form factors; `only` keeps the pages whose name contains one of its words. */
export async function lighthouseBench(server: ServerProcess, only: string[] = []): Promise<PageScore[]> {
  const slowdown = cpuSlowdown();
  const runs = lighthouseRuns();
  ensureLighthouse();
  if (hasCjkFont() === false) {
    console.warn('  no CJK font on this host (fc-list :lang=zh): mobile scores will be lower than a phone would see; install one (Debian: fonts-noto-cjk)');
  }
  const lighthouse = (await importEsm(pathToFileURL(path.join(CACHE, 'node_modules', 'lighthouse', 'core', 'index.js')).href)).default as LighthouseFn;
  const medianRun = (await importEsm(pathToFileURL(path.join(CACHE, 'node_modules', 'lighthouse', 'core', 'lib', 'median-run.js')).href)).computeMedianRun as (
    lhrs: LighthouseResult['lhr'][],
  ) => LighthouseResult['lhr'];
  const desktopConfig = (await importEsm(pathToFileURL(path.join(CACHE, 'node_modules', 'lighthouse', 'core', 'config', 'desktop-config.js')).href)).default;
  const chromeLauncher = await importEsm(pathToFileURL(path.join(CACHE, 'node_modules', 'chrome-launcher', 'dist', 'index.js')).href);
  const launch = chromeLauncher.launch as (o: Record<string, unknown>) => Promise<{ port: number; kill: () => Promise<void> }>;

  const cookies = {
    moderator: (await signIn(server.baseUrl, 'mod@demo.hub')).cookie,
    admin: (await signIn(server.baseUrl, 'admin@demo.hub')).cookie,
    anonymous: '',
  };
  const pages = (await pagesToAudit(server)).filter((p) => only.length === 0 || only.some((w) => p.page.includes(w)));
  const chrome = await launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  const scores: PageScore[] = [];
  try {
    for (const p of pages) {
      for (const formFactor of ['desktop', 'mobile'] as const) {
        const url = `${server.baseUrl}${p.path}`;
        const flags = {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          extraHeaders: cookies[p.as] ? { Cookie: cookies[p.as] } : undefined,
          // A phone slower than 4 × this host (LIGHTHOUSE_CPU_SLOWDOWN): see the README, "Lighthouse".
          ...(formFactor === 'mobile' && slowdown ? { throttling: { cpuSlowdownMultiplier: slowdown } } : {}),
        };
        const results: LighthouseResult[] = [];
        for (let run = 0; run < runs; run++) {
          const result = await lighthouse(url, flags, formFactor === 'desktop' ? desktopConfig : undefined);
          if (!result || result.lhr.runtimeError) throw new Error(`lighthouse failed on ${url}: ${result?.lhr.runtimeError?.message ?? 'no result'}`);
          results.push(result);
        }
        const median = medianRun(results.map((r) => r.lhr));
        const result = results.find((r) => r.lhr === median) ?? results[0];
        const performances = results.map((r) => Math.round((r.lhr.categories.performance?.score ?? 0) * 100));
        scores.push({ ...score(p.page, p.path, formFactor, result), runs, performanceRange: [Math.min(...performances), Math.max(...performances)] });
        // The whole report, for a closer look (diagnostics, the request chain, the LCP phases): LIGHTHOUSE_REPORTS=<dir>.
        if (process.env.LIGHTHOUSE_REPORTS) {
          fs.mkdirSync(process.env.LIGHTHOUSE_REPORTS, { recursive: true });
          const file = path.join(process.env.LIGHTHOUSE_REPORTS, `${p.page.replace(/\W+/g, '-')}-${formFactor}.json`);
          fs.writeFileSync(file, JSON.stringify(result.lhr));
          // And the trace the figures were computed from: its tasks, times ×4 (the CPU slowdown), are the simulated ones.
          if (result.artifacts?.Trace) fs.writeFileSync(file.replace(/\.json$/, '.trace.json'), JSON.stringify(result.artifacts.Trace));
        }
        const s = scores[scores.length - 1];
        const spread = runs > 1 ? ` (median of ${runs} runs; performance ${s.performanceRange[0]}–${s.performanceRange[1]})` : '';
        console.log(
          `  ${p.page} (${formFactor}): ${s.performance} / ${s.accessibility} / ${s.bestPractices} / ${s.seo}${spread}${s.failing.length ? `  ${s.failing.join(', ')}` : ''}`,
        );
      }
    }
  } finally {
    await chrome.kill();
  }
  return scores;
}

function score(page: string, url: string, formFactor: 'desktop' | 'mobile', { lhr }: LighthouseResult): Omit<PageScore, 'runs' | 'performanceRange'> {
  const category = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const failing: string[] = [];
  const findings: Record<string, unknown[]> = {};
  for (const [id, c] of Object.entries(lhr.categories)) {
    if ((c.score ?? 0) >= 1) continue;
    for (const ref of c.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (!audit || ref.weight === 0 || audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable') continue;
      if (audit.score === null || audit.score >= 0.9) continue;
      failing.push(`${id}:${ref.id}`);
      if (id !== 'performance') findings[ref.id] = [...(audit.explanation ? [audit.explanation] : []), ...(audit.details?.items ?? []).slice(0, 5)];
    }
  }
  // What the LCP element was and what moved: the first places to look when performance is low.
  for (const id of ['largest-contentful-paint-element', 'layout-shifts']) {
    const items = lhr.audits[id]?.details?.items ?? [];
    if (items.length > 0) findings[id] = items.slice(0, 5);
  }
  return {
    page,
    url,
    formFactor,
    performance: category('performance'),
    accessibility: category('accessibility'),
    bestPractices: category('best-practices'),
    seo: category('seo'),
    lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
    cls: Math.round((lhr.audits['cumulative-layout-shift']?.numericValue ?? 0) * 1000) / 1000,
    tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
    benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
    cpuSlowdown: lhr.configSettings?.throttling?.cpuSlowdownMultiplier ?? null,
    failing,
    findings,
  };
}
