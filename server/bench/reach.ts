import autocannon from 'autocannon';
import { cpuTimeMs } from './load/proc-stats';
import { round } from './stats';

/**
 * Readership counting's cost (issue 13, item 7): the same cached entry page
 * on two servers of one database, one counting (REACH_FLUSH_MS short, so
 * flushes happen during the run) and one started with DO_NOT_COUNT=true,
 * hammered in alternating rounds by the same generator. Every request comes
 * from a browser user agent through the loopback proxy with a different
 * X-Forwarded-For address (a new reader each time, the most expensive case:
 * a new hash and set entry per request). Medians of the rounds per side.
 */
export interface ReachBenchSide {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  serverCpuUsPerRequest: number;
}

export interface ReachBenchResult {
  path: string;
  rounds: number;
  secondsPerRound: number;
  on: ReachBenchSide;
  off: ReachBenchSide;
  /** on / off of the median req/s. */
  ratio: number;
}

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

export async function reachBench(
  on: { baseUrl: string; pid: number },
  off: { baseUrl: string; pid: number },
  opts: { path: string; rounds: number; secondsPerRound: number; connections: number },
): Promise<ReachBenchResult> {
  let n = 0;
  const round1 = async (server: { baseUrl: string; pid: number }) => {
    const cpuBefore = cpuTimeMs(server.pid);
    const r = await autocannon({
      url: new URL(opts.path, server.baseUrl).toString(),
      connections: opts.connections,
      duration: opts.secondsPerRound,
      headers: { 'user-agent': BROWSER, 'accept-language': 'en' },
      requests: [
        {
          setupRequest: (req) => {
            n++;
            return { ...req, headers: { ...req.headers, 'x-forwarded-for': `${81 + (n % 100)}.${(n >> 8) & 255}.${n & 255}.${(n >> 16) & 255}` } };
          },
        },
      ],
    });
    const cpuMs = cpuTimeMs(server.pid) - cpuBefore;
    return {
      reqPerSec: r.requests.average,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      non2xx: r.non2xx,
      serverCpuUsPerRequest: (cpuMs * 1000) / Math.max(1, r.requests.total),
    };
  };
  // Warm both (fills the page cache; loads the geo database and the map).
  await round1(on);
  await round1(off);
  const sides: { on: ReachBenchSide[]; off: ReachBenchSide[] } = { on: [], off: [] };
  for (let i = 0; i < opts.rounds; i++) {
    // Alternate which goes first, so neither always follows the other.
    if (i % 2 === 0) {
      sides.on.push(await round1(on));
      sides.off.push(await round1(off));
    } else {
      sides.off.push(await round1(off));
      sides.on.push(await round1(on));
    }
  }
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const summarise = (rs: ReachBenchSide[]): ReachBenchSide => ({
    reqPerSec: round(med(rs.map((r) => r.reqPerSec)), 0),
    p50Ms: med(rs.map((r) => r.p50Ms)),
    p99Ms: med(rs.map((r) => r.p99Ms)),
    non2xx: rs.reduce((s, r) => s + r.non2xx, 0),
    serverCpuUsPerRequest: round(med(rs.map((r) => r.serverCpuUsPerRequest)), 1),
  });
  const result = { on: summarise(sides.on), off: summarise(sides.off) };
  return {
    path: opts.path,
    rounds: opts.rounds,
    secondsPerRound: opts.secondsPerRound,
    ...result,
    ratio: round(result.on.reqPerSec / result.off.reqPerSec, 3),
  };
}
