import autocannon from 'autocannon';
import { round } from './stats';

/**
 * Public pages under load (issue 3, item 5): a cached entry page and a search
 * URL, each hammered by `connections` keep-alive connections for
 * `durationSec`, one after the other. Both answers are cached by the server
 * after the first request, so this measures the path a reader pays for: one
 * lookup in memory, headers, the body. Every answer must be a 200 (a 304 or
 * an error would flatter the figures): non-2xx answers are counted and reported.
 */
export interface PublicPagesOptions {
  connections: number;
  durationSec: number;
  /** e.g. /e/mrna-vaccine-platforms (must be published). */
  entryPath: string;
  /** e.g. /search?q=vaccine */
  searchPath: string;
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
}

export async function publicPages(baseUrl: string, opts: PublicPagesOptions): Promise<{ entry: LoadFigures; search: LoadFigures }> {
  const entry = await hammer(baseUrl, opts.entryPath, opts);
  const search = await hammer(baseUrl, opts.searchPath, opts);
  return { entry, search };
}

async function hammer(baseUrl: string, path: string, opts: PublicPagesOptions): Promise<LoadFigures> {
  const url = new URL(path, baseUrl).toString();
  const warm = await fetch(url); // the first render fills the cache; measure the cached path only
  if (warm.status !== 200) throw new Error(`${path} answered ${warm.status}: publish the entry first`);
  await warm.arrayBuffer();
  const result = await autocannon({ url, connections: opts.connections, duration: opts.durationSec, headers: { 'accept-language': 'en' } });
  return {
    path,
    reqPerSec: round(result.requests.mean, 0),
    p50Ms: round(result.latency.p50),
    p99Ms: round(result.latency.p99),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
