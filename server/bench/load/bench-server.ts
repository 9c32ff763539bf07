import WebSocket from 'ws';
import { ApiClient, signIn } from '../../test/support/api-client';
import { freePort, ServerProcess } from '../../test/support/server-process';

/**
 * A server for a benchmark: a child process (pinned to a core when asked) on a
 * private database. BENCH_SERVER_NODE_ARGS adds node flags, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the server's time goes.
 */
export async function startBenchServer(env: Record<string, string | undefined>, cpu?: string, extraNodeArgs: string[] = []): Promise<ServerProcess> {
  const nodeArgs = [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), ...extraNodeArgs];
  // The load scenarios sign every simulated editor in as one demo account: lift the per-account socket caps.
  const caps = { MAX_CONNECTIONS_PER_USER_PER_ENTRY: '100000', MAX_CONNECTIONS_PER_USER: '100000' };
  const server = new ServerProcess(await freePort(), { LOG_LEVEL: 'error', ...caps, ...env }, cpu, nodeArgs);
  await server.start();
  return server;
}

export async function loginAs(server: ServerProcess, email: string): Promise<string> {
  return (await signIn(server.baseUrl, email)).token;
}

/** An entry in the epidemiology group (where the benchmarks have always put theirs). */
export function createEntry(server: ServerProcess, token: string, title: string): Promise<string> {
  return new ApiClient(server, { token }).createEntry(title, 'epidemiology');
}

/** The server's counters and gauges from /metrics (histograms left out), by name. */
export async function readMetrics(server: ServerProcess): Promise<Map<string, number>> {
  const res = await fetch(`${server.baseUrl}/metrics`);
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  const values = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-z_]+) ([0-9.e+-]+)$/.exec(line);
    if (m) values.set(m[1], Number(m[2]));
  }
  return values;
}

/**
 * Runs a full garbage collection in a server started with `--inspect=127.0.0.1:0`
 * (through the inspector protocol), so that a memory figure counts what is
 * live, not the garbage that setting up connections left behind.
 */
export async function collectGarbage(server: ServerProcess): Promise<void> {
  const m = /Debugger listening on (ws:\/\/\S+)/.exec(server.output);
  if (!m) throw new Error('the server was not started with --inspect');
  const ws = new WebSocket(m[1]);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
    ws.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { id?: number }).id === 1) resolve();
    });
    ws.once('error', reject);
  });
  ws.close();
}
