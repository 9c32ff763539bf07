import type { ServerProcess } from '../../test/support/server-process';
import { collectGarbage, readMetrics } from './bench-server';
import { rssBytes } from './proc-stats';

export interface MemoryReading {
  /** Resident set size of the server process. */
  rssBytes: number;
  /** V8 heap in use. */
  heapUsedBytes: number;
  /** Buffers and other memory outside the V8 heap. */
  externalBytes: number;
  /** Everything else /metrics reported at that moment. */
  metrics: Map<string, number>;
}

/** Lets the allocator hand back what a full collection freed before RSS is read. */
const AFTER_GC_MS = 500;

/**
 * The server's memory right after a full garbage collection (it must run
 * with `--inspect=127.0.0.1:0`): without the collection a reading mostly
 * measures when V8 last collected, not what is live.
 */
export async function memoryAfterGc(server: ServerProcess): Promise<MemoryReading> {
  await collectGarbage(server);
  await new Promise((r) => setTimeout(r, AFTER_GC_MS));
  const metrics = await readMetrics(server);
  return {
    rssBytes: rssBytes(server.pid),
    heapUsedBytes: metrics.get('nodejs_heap_used_bytes') ?? NaN,
    externalBytes: metrics.get('nodejs_external_memory_bytes') ?? NaN,
    metrics,
  };
}
