import { TEST_PASSWORD } from '../../test/support/constants';
import { freePort, ServerProcess } from '../../test/support/server-process';

/**
 * A server for a benchmark: a child process (pinned to a core when asked) on a
 * private database. BENCH_SERVER_NODE_ARGS adds node flags, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the server's time goes.
 */
export async function startBenchServer(env: Record<string, string | undefined>, cpu?: string): Promise<ServerProcess> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = new ServerProcess(await freePort(), { LOG_LEVEL: 'error', ...env }, cpu, nodeArgs);
  await server.start();
  return server;
}

export async function loginAs(server: ServerProcess, email: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export async function createEntry(server: ServerProcess, token: string, title: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/groups/epidemiology/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`create entry failed: ${res.status}`);
  return ((await res.json()) as { id: string }).id;
}
