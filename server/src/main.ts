import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startApp, type RunningApp } from './app';
import { ConfigError, parseConfig } from './config/config';
import { seedDemoDatasets } from './seed/demo-datasets';
import { seedDemoIfEmpty } from './seed/seed';

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const seed: { result: Awaited<ReturnType<typeof seedDemoIfEmpty>> } = { result: null };
  // Seed before listening, so that nobody (health checks included) sees a half-seeded hub.
  const running = await startApp(config, {
    beforeListen: async (db, app) => {
      seed.result = await seedDemoIfEmpty(db.dataSource, config);
      // The demo dataset goes through the real ingest and review, which need the initialised app.
      if (seed.result && config.demoDatasetCountries > 0) {
        await app.init();
        await seedDemoDatasets(app, db.dataSource, config.demoDatasetCountries);
      }
    },
  });
  const logger = new Logger('Main');
  if (seed.result) printDemoAccounts(seed.result.password, seed.result.generated);
  else if (await hasDemoAccounts(running)) {
    printDemoAccounts(config.demoPassword ?? 'as printed at the first start; DEMO_PASSWORD=… SEED_DEMO=true resets it', false);
  }

  const db = config.databaseUrl ? 'Postgres (DATABASE_URL)' : `embedded Postgres in ${config.dataDir}`;
  const address = running.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  logger.log(`Knowledge Hub is serving on http://localhost:${port}/ (${db})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: flushing edits and shutting down`);
    running.close().then(
      () => process.exit(0),
      (err) => {
        logger.error(`shutdown failed: ${err?.stack ?? err}`);
        process.exit(1);
      },
    );
  };
  // A bug in one request's handling must not take every editor down with it: log loudly, keep serving.
  process.on('unhandledRejection', (reason) => logger.error(`unhandled rejection: ${(reason as Error)?.stack ?? reason}`));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function hasDemoAccounts(running: RunningApp): Promise<boolean> {
  const rows = await running.db.dataSource.query(`SELECT 1 FROM users WHERE email = 'admin@demo.hub'`);
  return rows.length > 0;
}

function printDemoAccounts(password: string, generated: boolean): void {
  const lines = [
    '',
    `  Demo accounts (password for all: ${password}${generated ? ', generated now and shown only once' : ''})`,
    '    admin@demo.hub   administrator',
    '    mod@demo.hub     moderator of every group',
    '    alice@demo.hub   contributor in every group',
    '    bob@demo.hub     contributor in every group',
    '    carol@demo.hub   signed in, member of no group (read-only)',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`Knowledge Hub failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
