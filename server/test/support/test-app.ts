import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { startApp, type RunningApp } from '../../src/app';
import { parseConfig } from '../../src/config/config';
import { seedDemo } from '../../src/seed/seed';
import { ApiClient, signIn } from './api-client';
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
  /** Signs an account in; an API client acting as it. */
  as(email: string): Promise<ApiClient>;
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
      // The workspace build the browser specs load (default client/dist): a build of one's own with
      // `npx vite build client --outDir <dir>` does not race another build writing client/dist.
      ...(process.env.CLIENT_DIST ? { CLIENT_DIST: path.resolve(process.env.CLIENT_DIST) } : {}),
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
  const wsUrl = `ws://127.0.0.1:${port}`;
  return {
    running,
    baseUrl,
    wsUrl,
    async login(email: string) {
      return (await signIn(baseUrl, email)).token;
    },
    as(email: string) {
      return ApiClient.signIn({ baseUrl, wsUrl }, email);
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
