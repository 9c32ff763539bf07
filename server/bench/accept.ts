import type { ServerProcess } from '../test/support/server-process';
import { TEST_PASSWORD } from '../test/support/constants';
import { loginAs } from './load/bench-server';
import { CpuMeter } from './load/proc-stats';
import { round, summarize } from './stats';

export interface AcceptResult {
  /** Accepts fired at once (each a distinct email). */
  accepts: number;
  maxUses: number;
  /** End to end from the generator: request sent → 201 read, per accept. */
  latency: ReturnType<typeof summarize>;
  /** From the first request sent to the last answer read. */
  wallMs: number;
  created: number;
  refused: number;
  serverCpuPercent: number;
}

/**
 * A team joining through one link at once: an admin creates an invitation
 * with `maxUses` uses, then `accepts` new people accept it simultaneously
 * (distinct emails, no session). Each accept hashes a password (argon2), then
 * creates the account, its memberships and its session in one transaction
 * that takes the invitation's use last, so the row lock is held briefly.
 */
export async function acceptBench(server: ServerProcess, opts: { accepts: number; maxUses: number }): Promise<AcceptResult> {
  const admin = await loginAs(server, 'admin@demo.hub');
  const res = await fetch(`${server.baseUrl}/api/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ groups: [{ slug: 'epidemiology', role: 'contributor' }], maxUses: opts.maxUses }),
  });
  if (res.status !== 201) throw new Error(`creating the invitation: ${res.status} ${await res.text()}`);
  const token = String(((await res.json()) as { url: string }).url)
    .split('/')
    .pop();

  const cpu = new CpuMeter(server.pid);
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: opts.accepts }, async (_, i) => {
      const t0 = performance.now();
      const r = await fetch(`${server.baseUrl}/api/invitations/by-token/${token}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Joiner ${i}`, email: `joiner-${i}@bench.test`, password: TEST_PASSWORD }),
      });
      await r.arrayBuffer();
      return { status: r.status, ms: performance.now() - t0 };
    }),
  );
  const wallMs = performance.now() - started;
  const serverCpuPercent = round(cpu.percent(), 0);
  const ok = outcomes.filter((o) => o.status === 201);
  return {
    accepts: opts.accepts,
    maxUses: opts.maxUses,
    latency: summarize(ok.map((o) => o.ms)),
    wallMs: round(wallMs),
    created: ok.length,
    refused: outcomes.length - ok.length,
    serverCpuPercent,
  };
}
