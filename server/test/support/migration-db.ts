import 'reflect-metadata';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { MIGRATIONS } from '../../src/database/migrations';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * A private database migrated up to (not including) one migration, for tests
 * that put yesterday's data in and then run that migration on it. Real
 * Postgres when DATABASE_URL is set, the embedded one otherwise.
 */
export class DatabaseBefore {
  private constructor(
    readonly ds: DataSource,
    private readonly database: TestDatabase,
    private readonly embedded: EmbeddedPostgres | undefined,
  ) {}

  static async create(migration: (typeof MIGRATIONS)[number]): Promise<DatabaseBefore> {
    const database = await createTestDatabase();
    const embedded = database.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(database.env.DATA_DIR);
    const connection = embedded
      ? { host: embedded.socketDir, port: embedded.port, username: 'postgres', database: 'postgres', extra: { max: 1 } }
      : { url: database.env.DATABASE_URL };
    const ds = new DataSource({
      type: 'postgres',
      ...connection,
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration)),
      synchronize: false,
      logging: ['error'],
    } as DataSourceOptions);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    return new DatabaseBefore(ds, database, embedded);
  }

  /** Runs one migration's up or down on this database. */
  async run(migration: MigrationInterface, direction: 'up' | 'down' = 'up'): Promise<void> {
    const runner = this.ds.createQueryRunner();
    try {
      await migration[direction](runner);
    } finally {
      await runner.release();
    }
  }

  async close(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
    await this.embedded?.stop();
    await this.database.drop();
  }
}
