import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { startApp, type RunningApp } from '../../src/app';
import { parseConfig } from '../../src/config/config';
import { seedDemo } from '../../src/seed/seed';
import { TEST_PASSWORD } from './constants';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testRedisEnv } from './test-redis';

export { waitFor } from './wait-for';
export { TEST_PASSWORD };


export interface TestApp {
  running: RunningApp;
  baseUrl: string;
  wsUrl: string;
  /** Signs a demo account in; returns its bearer token. */
  login(email: string): Promise<string>;
  close(): Promise<void>;
}

/** The whole server on a private database and a free port, seeded with the demo data (and on Redis when REDIS_URL is set). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase();
  let running: RunningApp;
  try {
    const config = parseConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      UNLOAD_DELAY_MS: '200',
      ...database.env,
      ...testRedisEnv(),
      ...env,
    });
    running = await startApp(config);
    await seedDemo(running.db.dataSource, TEST_PASSWORD);
  } catch (err) {
    await database.drop();
    throw err;
  }
  const { port } = running.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    running,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    async login(email: string) {
      const res = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: TEST_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async close() {
      try {
        await running.close();
      } finally {
        await database.drop();
      }
    },
  };
}
