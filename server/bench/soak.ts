import type { ServerProcess } from '../test/support/server-process';
import { waitFor } from '../test/support/wait-for';
import { createEntry, loginAs, readMetrics } from './load/bench-server';
import { EditRegistry, LightEditor } from './load/light-editor';
import { memoryAfterGc } from './load/memory';
import { round } from './stats';

export interface SoakOptions {
  minutes: number;
  /** Editors connected at any moment (besides the slow readers), spread over `entries`. */
  editors: number;
  entries: number;
  /** Per editor. */
  editsPerSec: number;
  awarenessPerSec: number;
  /** Editors that leave, and as many that join, every second. */
  churnPerSec: number;
  /** Every `stormEveryMin` minutes, `stormSize` editors drop at once and reconnect at once. */
  stormEveryMin: number;
  stormSize: number;
  /** Editors on the first entry that stop reading their socket for `slowPauseSec`, then read for as long, in turn. */
  slowReaders: number;
  slowPauseSec: number;
}

export interface SoakSample {
  minute: number;
  rssMB: number;
  heapMB: number;
  externalMB: number;
  connections: number;
  loadedEntries: number;
  /** Edits sent since the run began. */
  edits: number;
  /** Editors that joined since the run began (churn and storms). */
  joins: number;
  /** Times the server held ticks back from a client that did not read (kh_collab_held_back_total). */
  heldBack: number;
}

/** Each editor's own text is kept to this many characters: the documents stay bounded, so memory that grows is not content. */
const MAX_CHARS_PER_EDITOR = 400;
const TICK_MS = 100;

/**
 * A long run at a steady load, watching the server's memory for leaks:
 * editors join and leave all the time, reconnect storms hit every few
 * minutes, slow readers stop reading their sockets for a while, and everyone
 * keeps editing. Every minute the server's RSS and V8 heap are read after a
 * full garbage collection; the least-squares slopes over the run (after the
 * first minute, which warms up) say whether memory grows. The documents are
 * kept bounded (see MAX_CHARS_PER_EDITOR), so what grows is not content.
 * Loopback only; it stops by itself after `minutes`.
 */
export async function soakBench(server: ServerProcess, o: SoakOptions, log: (line: string) => void) {
  const token = await loginAs(server, 'alice@demo.hub');
  const ids: string[] = [];
  for (let i = 0; i < o.entries; i++) ids.push(await createEntry(server, token, `Soak ${i}`));
  const registry = new EditRegistry();
  let nextId = 0;
  let joins = 0;
  let edits = 0;
  const join = (entry = nextId % o.entries) =>
    new LightEditor(`${server.wsUrl}/collab/${ids[entry]}?token=${token}`, nextId++, registry, { entryId: ids[entry] });
  const editors: LightEditor[] = Array.from({ length: o.editors }, () => join());
  const slow: LightEditor[] = Array.from({ length: o.slowReaders }, () => join(0));
  await waitFor(() => [...editors, ...slow].every((e) => e.opened), 'the editors to connect', 60_000);
  await waitFor(async () => (await readMetrics(server)).get('kh_collab_loaded_entries') === o.entries, 'the documents to load', 60_000);

  const replace = (count: number) => {
    for (let i = 0; i < count && editors.length > 0; i++) {
      const at = Math.floor(Math.random() * editors.length);
      editors[at].close();
      editors.splice(at, 1);
    }
    for (let i = 0; i < count; i++) editors.push(join());
    joins += count;
  };
  const timers: NodeJS.Timeout[] = [
    // Steady editing and presence: each editor has its chance every tick.
    setInterval(() => {
      for (const e of [...editors, ...slow]) {
        if (Math.random() < (o.editsPerSec * TICK_MS) / 1000) {
          e.edit(MAX_CHARS_PER_EDITOR);
          edits++;
        }
        if (Math.random() < (o.awarenessPerSec * TICK_MS) / 1000) e.awareness();
      }
    }, TICK_MS),
    setInterval(() => replace(o.churnPerSec), 1000),
    setInterval(() => {
      log(`reconnect storm: ${o.stormSize} editors drop and reconnect`);
      replace(o.stormSize);
    }, o.stormEveryMin * 60_000),
  ];
  // Slow readers take turns: half of them paused at any time.
  slow.forEach((e, i) => {
    let paused = false;
    const toggle = () => {
      paused = !paused;
      if (paused) e.ws.pause();
      else e.ws.resume();
    };
    if (i % 2 === 0) toggle();
    timers.push(setInterval(toggle, o.slowPauseSec * 1000));
  });

  const samples: SoakSample[] = [];
  const sample = async (minute: number) => {
    const m = await memoryAfterGc(server);
    const s: SoakSample = {
      minute,
      rssMB: round(m.rssBytes / 1_048_576, 1),
      heapMB: round(m.heapUsedBytes / 1_048_576, 1),
      externalMB: round(m.externalBytes / 1_048_576, 1),
      connections: m.metrics.get('kh_collab_connections') ?? NaN,
      loadedEntries: m.metrics.get('kh_collab_loaded_entries') ?? NaN,
      edits,
      joins,
      heldBack: m.metrics.get('kh_collab_held_back_total') ?? 0,
    };
    samples.push(s);
    log(
      `minute ${minute}: RSS ${s.rssMB} MB, heap ${s.heapMB} MB, Buffers ${s.externalMB} MB, ${s.connections} connections, ${s.edits} edits, ${s.joins} joins`,
    );
  };
  const started = performance.now();
  await sample(0);
  for (let minute = 1; minute <= o.minutes; minute++) {
    await new Promise((r) => setTimeout(r, Math.max(0, started + minute * 60_000 - performance.now())));
    await sample(minute);
  }
  for (const t of timers) clearInterval(t);
  for (const e of [...editors, ...slow]) e.close();

  // Once everyone has left and the documents have unloaded, what is left is what leaked.
  // Unloading takes a document out of the loaded set first, then flushes and compacts it: wait until it is gone.
  await waitFor(async () => (await readMetrics(server)).get('kh_collab_resident_entries') === 0, 'the documents to unload', 60_000).catch(() => undefined);
  const left = await memoryAfterGc(server);
  const steady = samples.filter((s) => s.minute >= 1);
  return {
    options: o,
    samples,
    rssSlopeMBPerMin: round(slope(steady.map((s) => [s.minute, s.rssMB])), 2),
    heapSlopeMBPerMin: round(slope(steady.map((s) => [s.minute, s.heapMB])), 2),
    afterLeaving: {
      rssMB: round(left.rssBytes / 1_048_576, 1),
      heapMB: round(left.heapUsedBytes / 1_048_576, 1),
      externalMB: round(left.externalBytes / 1_048_576, 1),
      connections: left.metrics.get('kh_collab_connections') ?? NaN,
      loadedEntries: left.metrics.get('kh_collab_loaded_entries') ?? NaN,
    },
  };
}

/** Least-squares slope of y over x (NaN with fewer than two points). */
export function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxy / sxx;
}
