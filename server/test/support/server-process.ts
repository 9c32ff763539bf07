import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { TEST_PASSWORD } from './constants';
import { testRedisEnv } from './test-redis';
import { waitFor } from './wait-for';

// This file runs from server/test/support (jest) or compiled from server/dist-bench/test/support (bench).
const SERVER_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist-bench${path.sep}`) ? '../../..' : '../..');
const MAIN = path.join(SERVER_ROOT, 'dist', 'main.js');

/** The built server (server/dist/main.js) as a child process, for tests that kill it. */
export class ServerProcess {
  child: ChildProcess | null = null;
  output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string | undefined>,
    /** Pin the server to these CPUs (taskset -c), for benchmarks. */
    private readonly cpuList?: string,
    /** Extra node flags, e.g. ['--cpu-prof'] to profile a benchmark. */
    private readonly nodeArgs: string[] = [],
  ) {}

  get pid(): number {
    if (!this.child?.pid) throw new Error('server not running');
    return this.child.pid;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // taskset execs node in place, so the child's pid is the server's.
    const node = [process.execPath, ...this.nodeArgs, MAIN];
    const [cmd, args] = this.cpuList ? ['taskset', ['-c', this.cpuList, ...node]] : [node[0], node.slice(1)];
    const child = spawn(cmd, args, {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        DEMO_PASSWORD: TEST_PASSWORD,
        LOG_LEVEL: 'warn',
        ...testRedisEnv(),
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (d) => (this.output += d));
    child.stderr!.on('data', (d) => (this.output += d));
    // A server that exits while starting fails the start at once (waitFor would retry until its timeout).
    let onExit: () => void = () => undefined;
    const exited = new Promise<never>((_, reject) => {
      onExit = () => reject(new Error(`server exited with ${child.exitCode ?? child.signalCode}:\n${this.output}`));
      child.once('exit', onExit);
    });
    try {
      await Promise.race([exited, waitFor(async () => (await fetch(`${this.baseUrl}/healthz`)).status === 200, 'the server to answer /healthz', 60_000)]);
    } finally {
      child.off('exit', onExit);
      exited.catch(() => undefined);
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  killNow(): void {
    this.child?.kill('SIGKILL');
  }

  async exited(): Promise<number | null> {
    const child = this.child;
    if (!child) return null;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
