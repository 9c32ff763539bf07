import type { ServerProcess } from '../test/support/server-process';
import { waitFor } from '../test/support/wait-for';
import { createEntry, loginAs } from './load/bench-server';
import { EditRegistry, LightEditor } from './load/light-editor';
import { memoryAfterGc } from './load/memory';
import { round } from './stats';

/**
 * Memory per idle connection: RSS with one connection per entry (documents
 * loaded), then with `connections` more spread over the same entries. Each
 * reading follows a full garbage collection (the server runs with the
 * inspector on loopback): without it the figure mostly measured the garbage
 * of the handshakes, 5–20 KB a connection depending on when V8 last collected.
 */
export async function idleBench(server: ServerProcess, connections = 1000, entries = 100) {
  const token = await loginAs(server, 'alice@demo.hub');
  const ids: string[] = [];
  for (let i = 0; i < entries; i++) ids.push(await createEntry(server, token, `Idle ${i}`));
  const registry = new EditRegistry();
  const url = (i: number) => `${server.wsUrl}/collab/${ids[i % entries]}?token=${token}`;
  const base = ids.map((_, i) => new LightEditor(url(i), i, registry));
  await waitFor(() => base.every((c) => c.opened), 'base connections', 30_000);
  const before = await settle(server);
  const idle: LightEditor[] = [];
  for (let i = 0; i < connections; i++) {
    idle.push(new LightEditor(url(i), entries + i, registry));
    if (i % 100 === 99) await waitFor(() => idle.every((c) => c.opened), 'idle connections', 30_000);
  }
  await waitFor(() => idle.every((c) => c.opened), 'idle connections', 60_000);
  const after = await settle(server);
  const perConnection = (name: string) => Math.round(((after.metrics.get(name) ?? 0) - (before.metrics.get(name) ?? 0)) / connections);
  const open = idle.filter((c) => !c.closed).length;
  for (const c of [...base, ...idle]) c.close();
  return {
    connections,
    entries,
    open,
    rssBeforeMB: round(before.rssBytes / 1_048_576, 1),
    rssAfterMB: round(after.rssBytes / 1_048_576, 1),
    bytesPerConnection: Math.round((after.rssBytes - before.rssBytes) / connections),
    // Where it is: JavaScript objects (V8 heap) and Buffers outside it; the rest of RSS is native (sockets, allocator).
    heapBytesPerConnection: perConnection('nodejs_heap_used_bytes'),
    externalBytesPerConnection: perConnection('nodejs_external_memory_bytes'),
  };
}

/** Lets the handshakes finish, then reads memory after a full collection. */
async function settle(server: ServerProcess) {
  await new Promise((r) => setTimeout(r, 2_000));
  return memoryAfterGc(server);
}
