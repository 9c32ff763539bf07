import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13, reach: daily readership aggregates, and nothing per reader.
 *
 * One row per (UTC day, page, country): `readers` is the day's unique readers
 * of the page from that country, `reads` the counted answers. `page` is
 * `*` (the whole site, readers unique across pages), `hub` or
 * `<letter>/<slug>` (g: group, e: entry, d: dataset). `country` is an
 * ISO 3166-1 alpha-2 code, or ZZ when unknown. No address, user agent or
 * reader hash is ever stored here.
 */
export class Reach1764900000000 implements MigrationInterface {
  name = 'Reach1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reach_daily (
        day date NOT NULL,
        page text NOT NULL CHECK (page ~ '^(\\*|hub|[a-z]/[a-z0-9][a-z0-9-]*)$'),
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        readers int NOT NULL DEFAULT 0 CHECK (readers >= 0),
        reads int NOT NULL DEFAULT 0 CHECK (reads >= 0),
        PRIMARY KEY (page, day, country)
      )`);
    await q.query(`CREATE INDEX reach_daily_day_idx ON reach_daily(day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reach_daily`);
  }
}
