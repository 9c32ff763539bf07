import { RawCollabClient } from '../test/support/raw-client';
import { waitFor } from '../test/support/wait-for';
import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import type { ServerProcess } from '../test/support/server-process';
import { createEntry, loginAs, readMetrics } from './load/bench-server';
import { EditRegistry, LightEditor } from './load/light-editor';
import { CpuMeter, rssBytes, SelfCpuMeter } from './load/proc-stats';
import { round, summarize } from './stats';

export interface EditLoadOptions {
  editors: number;
  /** Entries the editors are spread over (1: everyone on one entry). */
  entries: number;
  durationSec: number;
  /** Seconds of load before measuring starts (connections settle, the JIT compiles the hot paths). */
  warmupSec: number;
  editsPerSec: number;
  awarenessPerSec: number;
  fullReplicas: number;
  probes: number;
}

export interface EditLoadResult {
  editors: number;
  entries: number;
  durationSec: number;
  editsSent: number;
  latency: ReturnType<typeof summarize>;
  ack: ReturnType<typeof summarize>;
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
}

/**
 * N simulated editors on one entry (or spread over several), each inserting
 * words at `editsPerSec` and moving its cursor (awareness) at `awarenessPerSec`.
 * After `warmupSec` of load, the figures cover the next `durationSec`.
 * A few full Y.Doc replicas check convergence; probe editors measure latency
 * over every (edit, probe) pair and durable-ack latency.
 */
export async function editLoad(servers: ServerProcess[], o: EditLoadOptions): Promise<EditLoadResult> {
  const token = await loginAs(servers[0], 'alice@demo.hub');
  const entryIds: string[] = [];
  for (let i = 0; i < o.entries; i++) entryIds.push(await createEntry(servers[0], token, `Load test ${o.editors} editors #${i}`));
  const registry = new EditRegistry();
  const url = (i: number) => `${servers[i % servers.length].wsUrl}/collab/${entryIds[i % o.entries]}?token=${token}`;

  const editors: LightEditor[] = [];
  for (let i = 0; i < o.editors - o.fullReplicas; i++) {
    editors.push(new LightEditor(url(i), i, registry, i < o.probes, entryIds[i % o.entries]));
    if (i % 50 === 49) await waitFor(() => editors.every((e) => e.opened), 'editors to connect', 30_000);
  }
  const replicas: RawCollabClient[] = [];
  for (let i = 0; i < o.fullReplicas; i++) {
    const server = servers[i % servers.length];
    replicas.push(new RawCollabClient(server.wsUrl, entryIds[0], { token }));
  }
  await waitFor(() => editors.every((e) => e.opened), 'editors to connect', 60_000);
  await Promise.all(replicas.map((r) => r.synced())).catch((err) => {
    throw new Error(`${err.message}; replica sockets: ${replicas.map((r) => `open=${r.opened} close=${r.closeCode}`).join(', ')}; editors open: ${editors.filter((e) => e.opened && !e.closed).length}`);
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
  const replicaTexts = replicas.map((r) => {
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText();
    p.insert(0, [t]);
    r.doc.getXmlFragment(DOC_BODY).insert(0, [p]);
    return t;
  });
  if (o.editsPerSec > 0) replicaTexts.forEach((t, i) => timers.push(setInterval(() => t.insert(t.length, `replica${i} `), editEveryMs)));

  await new Promise((r) => setTimeout(r, o.warmupSec * 1000));
  const metricsBefore = await Promise.all(servers.map(readMetrics));
  const serverCpu = servers.map((s) => new CpuMeter(s.pid));
  const selfCpu = new SelfCpuMeter();
  const started = performance.now();
  registry.measureFrom = started;
  await new Promise((r) => setTimeout(r, o.durationSec * 1000));
  for (const t of timers) clearInterval(t);
  const elapsed = performance.now() - started;
  const cpu = serverCpu.map((m) => m.percent());
  const generatorCpuPercent = selfCpu.percent();
  const rss = servers.map((s) => rssBytes(s.pid));
  const metricsAfter = await Promise.all(servers.map(readMetrics));
  const perSec = (name: string) =>
    round(metricsAfter.reduce((sum, m, i) => sum + (m.get(name) ?? 0) - (metricsBefore[i].get(name) ?? 0), 0) / (elapsed / 1000), 0);

  // Let everything in flight arrive, then check delivery and convergence.
  const expected = (probe: LightEditor) =>
    Array.from(registry.senderOf)
      .filter(([m, sender]) => sender !== probe.id && registry.entryOf.get(m) === probe.entryId)
      .map(([m]) => m);
  const probes = editors.filter((e) => e.probe);
  await waitFor(() => probes.every((p) => expected(p).every((m) => p.seen.has(m))), 'delivery of every edit', 10_000).catch(() => undefined);
  const pairs = probes.reduce((n, p) => n + expected(p).length, 0);
  const deliveredPairs = probes.reduce((n, p) => n + expected(p).filter((m) => p.seen.has(m)).length, 0);

  const fresh = new RawCollabClient(servers[0].wsUrl, entryIds[0], { token });
  await fresh.synced();
  const body = (d: Y.Doc) => d.getXmlFragment(DOC_BODY).toString();
  const converged = await waitFor(() => replicas.every((r) => body(r.doc) === body(fresh.doc)), 'convergence', 10_000).then(
    () => true,
    () => false,
  );
  fresh.close();
  for (const e of editors) e.close();
  for (const r of replicas) r.close();

  return {
    editors: o.editors,
    entries: o.entries,
    durationSec: round(elapsed / 1000, 1),
    editsSent: Array.from(registry.sentAt.values()).filter((t) => t >= started).length,
    latency: summarize(registry.latenciesMs),
    ack: summarize(registry.ackLatenciesMs),
    delivered: pairs ? round(deliveredPairs / pairs, 4) : NaN,
    converged,
    serverCpuPercent: round(cpu.reduce((a, b) => a + b, 0) / cpu.length, 1),
    serverRssMB: round(rss.reduce((a, b) => a + b, 0) / rss.length / 1_048_576, 1),
    generatorCpuPercent: round(generatorCpuPercent, 1),
    generatorSaturated: generatorCpuPercent > 85,
    framesOutPerSec: perSec('kh_collab_frames_out_total'),
    framesInPerSec: perSec('kh_collab_frames_in_total'),
    socketWritesPerSec: perSec('kh_collab_socket_writes_total'),
  };
}
