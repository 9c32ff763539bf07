import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { EMBEDDED_MAX_CONNECTIONS, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

/** An initialised, migrated DataSource and whatever must stop with it. */
export interface Database {
  dataSource: DataSource;
  embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

export async function openDatabase(config: AppConfig): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let connection: Partial<DataSourceOptions>;
  if (config.databaseUrl) {
    connection = { url: config.databaseUrl, extra: { max: 20 } };
  } else {
    embedded = await startEmbeddedPostgres(config.dataDir);
    connection = {
      host: embedded.socketDir,
      port: embedded.port,
      username: 'postgres',
      database: 'postgres',
      extra: { max: EMBEDDED_MAX_CONNECTIONS },
    };
  }
  const dataSource = new DataSource({
    type: 'postgres',
    ...connection,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
  } as DataSourceOptions);
  try {
    await dataSource.initialize();
    // Replicas sharing a real Postgres take turns; the embedded one has a single owner.
    if (config.databaseUrl) await runMigrationsExclusively(dataSource);
    else await dataSource.runMigrations({ transaction: 'each' });
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw err;
  }
  return {
    dataSource,
    embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

/** Several replicas may start at once: one migrates while the others wait on an advisory lock. */
export const MIGRATION_LOCK_KEY = 7_246_001;

async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
