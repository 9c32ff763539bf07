import { RawCollabClient } from '../test/support/raw-client';
import { waitFor } from '../test/support/wait-for';
import type * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import type { ServerProcess } from '../test/support/server-process';
import { createEntry, loginAs, readMetrics } from './load/bench-server';
import { EditRegistry, LightEditor } from './load/light-editor';
import { CpuMeter, rssBytes, SelfCpuMeter } from './load/proc-stats';
import { round, type LatencyHistogram } from './stats';

export interface EditLoadOptions {
  editors: number;
  /** Entries the editors are spread over (1: everyone on one entry). */
  entries: number;
  durationSec: number;
  /** Seconds of load before measuring starts (connections settle, the JIT compiles the hot paths). */
  warmupSec: number;
  editsPerSec: number;
  awarenessPerSec: number;
  /** Editors that keep a full Y.Doc replica (apply everything, as a browser does); spread over the join order. */
  fullReplicas: number;
  /** Editors that ask for durable acks (`?ack=1`); spread over the join order. */
  ackEditors: number;
}

export interface EditLoadResult {
  editors: number;
  entries: number;
  durationSec: number;
  editsSent: number;
  /** Over every (edit, receiving editor) pair: every editor measures every edit it receives. */
  latency: Summary;
  /** p99 of the same, by the receiver's quartile of joining order (first joiners first). */
  p99ByJoinQuartile: number[];
  /** The slowest delivery of the edits sent in each 100 ms of the run (ms): a tail made of a few stalls shows as a few peaks. */
  worstBy100ms: number[];
  /** The generator's worst event-loop lag in each 100 ms (ms). */
  generatorLagBy100ms: number[];
  /** The slowest durable ack of the edits sent in each 100 ms (ms). */
  worstAckBy100ms: number[];
  /** The first server's event-loop utilization, tick stretch and log rows waiting, read each second. */
  loopBySecond: LoopReading[];
  ack: Summary;
  delivered: number;
  converged: boolean;
  serverCpuPercent: number;
  serverRssMB: number;
  generatorCpuPercent: number;
  generatorSaturated: boolean;
  /** Collab frames the server(s) sent and received per second during the run (from /metrics). */
  framesOutPerSec: number;
  framesInPerSec: number;
  /** Socket writes of collab frames per second (a tick broadcast is one per peer). */
  socketWritesPerSec: number;
  /** Group-commit inserts into the update log per second. */
  logInsertsPerSec: number;
}

type Summary = ReturnType<LatencyHistogram['summary']>;

interface LoopReading {
  /** Since measuring started. */
  atMs: number;
  utilization: number;
  stretch: number;
  logRowsPending: number;
}

/**
 * N simulated editors on one entry (or spread over several), each inserting
 * words at `editsPerSec` and moving its cursor (awareness) at `awarenessPerSec`.
 * After `warmupSec` of load, the figures cover the next `durationSec`.
 * Every editor measures the latency of every edit it receives (see
 * EditRegistry); a few keep full Y.Doc replicas, which also check convergence
 * against a fresh joiner; a few ask for durable acks.
 */
export async function editLoad(servers: ServerProcess[], o: EditLoadOptions): Promise<EditLoadResult> {
  const token = await loginAs(servers[0], 'alice@demo.hub');
  const entryIds: string[] = [];
  for (let i = 0; i < o.entries; i++) entryIds.push(await createEntry(servers[0], token, `Load test ${o.editors} editors #${i}`));
  const registry = new EditRegistry();
  const url = (i: number) => `${servers[i % servers.length].wsUrl}/collab/${entryIds[i % o.entries]}?token=${token}`;
  // Every k-th editor is a full replica (on the first entry) or asks for acks: neither kind is all early or all late.
  const every = (count: number) => (count > 0 ? Math.max(1, Math.floor(o.editors / count)) : Infinity);
  const fullEvery = every(o.fullReplicas);
  const ackEvery = every(o.ackEditors);

  const editors: LightEditor[] = [];
  let replicas = 0;
  let nextFullAt = Math.floor(Math.min(fullEvery, o.editors) / 2);
  for (let i = 0; i < o.editors; i++) {
    const full = replicas < o.fullReplicas && i >= nextFullAt && i % o.entries === 0;
    if (full) {
      replicas++;
      nextFullAt += fullEvery;
    }
    editors.push(new LightEditor(url(i), i, registry, { entryId: entryIds[i % o.entries], measure: true, full, ack: i % ackEvery === 0 }));
    if (i % 50 === 49) await waitFor(() => editors.every((e) => e.opened), 'editors to connect', 30_000);
  }
  await waitFor(() => editors.every((e) => e.opened), 'editors to connect', 60_000);
  await waitFor(() => editors.every((e) => e.synced), 'editors to sync', 60_000).catch((err) => {
    throw new Error(`${err.message}; open: ${editors.filter((e) => e.opened && !e.closed).length} of ${editors.length}`);
  });

  const timers: NodeJS.Timeout[] = [];
  const editEveryMs = 1000 / o.editsPerSec;
  for (const e of editors) {
    // Spread the editors evenly over the interval so the load is steady.
    if (o.editsPerSec > 0) timers.push(setTimeout(() => timers.push(setInterval(() => e.edit(), editEveryMs)), Math.random() * editEveryMs));
    if (o.awarenessPerSec > 0) {
      timers.push(setTimeout(() => timers.push(setInterval(() => e.awareness(), 1000 / o.awarenessPerSec)), Math.random() * 1000));
    }
  }

  await new Promise((r) => setTimeout(r, o.warmupSec * 1000));
  const metricsBefore = await Promise.all(servers.map(readMetrics));
  const serverCpu = servers.map((s) => new CpuMeter(s.pid));
  const selfCpu = new SelfCpuMeter();
  const started = performance.now();
  registry.measureFrom = started;
  // The server's own view each second: how busy its event loop was and how much that stretched its ticks.
  const loopBySecond: LoopReading[] = [];
  const sampler = setInterval(() => {
    const t = performance.now() - started;
    void readMetrics(servers[0]).then((m) =>
      loopBySecond.push({
        atMs: round(t, 0),
        utilization: round(m.get('kh_collab_loop_utilization') ?? NaN, 2),
        stretch: round(m.get('kh_collab_tick_stretch') ?? NaN, 2),
        logRowsPending: m.get('kh_collab_log_rows_pending') ?? NaN,
      }),
    );
  }, 1000);
  // The generator's own event-loop lag per 100 ms (a 10 ms interval's lateness): delays it adds to what it measures.
  const generatorLagBy100ms: number[] = [];
  let expectedAt = performance.now() + 10;
  const lagProbe = setInterval(() => {
    const now = performance.now();
    const slot = Math.floor((now - started) / 100);
    generatorLagBy100ms[slot] = Math.max(generatorLagBy100ms[slot] ?? 0, round(now - expectedAt, 1));
    expectedAt = now + 10;
  }, 10);
  await new Promise((r) => setTimeout(r, o.durationSec * 1000));
  clearInterval(sampler);
  clearInterval(lagProbe);
  for (const t of timers) clearInterval(t);
  const elapsed = performance.now() - started;
  const cpu = serverCpu.map((m) => m.percent());
  const generatorCpuPercent = selfCpu.percent();
  const rss = servers.map((s) => rssBytes(s.pid));
  const metricsAfter = await Promise.all(servers.map(readMetrics));
  const perSec = (name: string) =>
    round(metricsAfter.reduce((sum, m, i) => sum + (m.get(name) ?? 0) - (metricsBefore[i].get(name) ?? 0), 0) / (elapsed / 1000), 0);

  // Let everything in flight arrive, then check delivery (every editor, every other editor's every edit) and convergence.
  await waitFor(() => editors.every((e) => e.seenAllOf(editors)), 'delivery of every edit', 10_000).catch(() => undefined);
  let expected = 0;
  for (const e of editors) for (const s of editors) if (s !== e && s.entryId === e.entryId) expected += registry.sentBy(s.id);
  const seen = editors.reduce((n, e) => n + e.seen, 0);

  const full = editors.filter((e) => e.full);
  const fresh = new RawCollabClient(servers[0].wsUrl, entryIds[0], { token });
  await fresh.synced();
  const body = (d: Y.Doc) => d.getXmlFragment(DOC_BODY).toString();
  const converged = await waitFor(() => full.every((r) => body(r.doc) === body(fresh.doc)), 'convergence', 10_000).then(
    () => true,
    () => false,
  );
  fresh.close();
  for (const e of editors) e.close();

  return {
    editors: o.editors,
    entries: o.entries,
    durationSec: round(elapsed / 1000, 1),
    editsSent: registry.editsSentSince(started),
    latency: registry.latency.summary(),
    p99ByJoinQuartile: registry.latencyByJoinQuartile.map((h) => h.summary().p99),
    worstBy100ms: Array.from(registry.worstBySlot, (ms) => round(ms ?? NaN, 1)),
    loopBySecond,
    worstAckBy100ms: Array.from(registry.worstAckBySlot, (ms) => round(ms ?? NaN, 1)),
    generatorLagBy100ms: Array.from(generatorLagBy100ms, (ms) => ms ?? NaN),
    ack: registry.ackLatency.summary(),
    delivered: expected ? round(seen / expected, 4) : NaN,
    converged: full.length > 0 && converged,
    serverCpuPercent: round(cpu.reduce((a, b) => a + b, 0) / cpu.length, 1),
    serverRssMB: round(rss.reduce((a, b) => a + b, 0) / rss.length / 1_048_576, 1),
    generatorCpuPercent: round(generatorCpuPercent, 1),
    generatorSaturated: generatorCpuPercent > 85,
    framesOutPerSec: perSec('kh_collab_frames_out_total'),
    framesInPerSec: perSec('kh_collab_frames_in_total'),
    socketWritesPerSec: perSec('kh_collab_socket_writes_total'),
    logInsertsPerSec: perSec('kh_collab_log_batch_rows_count'),
  };
}
