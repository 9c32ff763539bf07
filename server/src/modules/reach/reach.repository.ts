import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SITE_PAGE } from './counted-page';
import type { DailyRow } from './reach-tally';

export interface CountryReadersRow {
  country: string;
  readers: number;
}

/** A counted page with its readers over a period, and what it is now (title and group; null when it no longer exists or is unpublished). */
export interface PageReachRow {
  page: string;
  readers: number;
  reads: number;
  title: string | null;
  titleZh: string | null;
  groupSlug: string | null;
}

export interface GroupReachRow {
  slug: string;
  name: string;
  nameZh: string;
  readers: number;
  reads: number;
}

/** Pages with what they are now: entries by their published revision's title, datasets, reports (and their plays) and groups by name. */
const PAGE_DETAILS = `
  LEFT JOIN entries e ON left(p.page, 2) = 'e/' AND e.slug = substr(p.page, 3)
  LEFT JOIN revisions r ON r.id = e.published_revision_id
  LEFT JOIN knowledge_groups eg ON eg.id = e.group_id AND r.id IS NOT NULL
  LEFT JOIN datasets d ON left(p.page, 2) = 'd/' AND d.slug = substr(p.page, 3)
  LEFT JOIN knowledge_groups dg ON dg.id = d.group_id
  LEFT JOIN reports rp ON left(p.page, 2) IN ('r/', 'p/') AND rp.slug = substr(p.page, 3) AND rp.status = 'approved'
  LEFT JOIN knowledge_groups rg ON rg.id = rp.group_id
  LEFT JOIN knowledge_groups g ON left(p.page, 2) = 'g/' AND g.slug = substr(p.page, 3)`;

const PAGE_COLUMNS = `p.page, p.readers, p.reads,
  COALESCE(r.title, d.title, rp.title, g.name) AS title,
  COALESCE(r.title, NULLIF(d.title_zh, ''), d.title, NULLIF(rp.title_zh, ''), rp.title, g.name_zh) AS "titleZh",
  COALESCE(eg.slug, dg.slug, rg.slug, g.slug) AS "groupSlug"`;

/** Daily aggregates of reach_daily (see the migration): written by the flush, read by /reach, the API and the admin view. */
@Injectable()
export class ReachRepository {
  constructor(private readonly db: DataSource) {}

  /** Adds increments (mode add) or keeps the larger of stored and given totals (mode max), in one statement. */
  async write(rows: DailyRow[], mode: 'add' | 'max'): Promise<void> {
    if (rows.length === 0) return;
    const update =
      mode === 'add'
        ? 'readers = reach_daily.readers + EXCLUDED.readers, reads = reach_daily.reads + EXCLUDED.reads'
        : 'readers = GREATEST(reach_daily.readers, EXCLUDED.readers), reads = GREATEST(reach_daily.reads, EXCLUDED.reads)';
    await this.db.query(
      `INSERT INTO reach_daily (day, page, country, readers, reads)
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::int[], $5::int[])
       ON CONFLICT (page, day, country) DO UPDATE SET ${update}`,
      [rows.map((r) => r.day), rows.map((r) => r.page), rows.map((r) => r.country), rows.map((r) => r.readers), rows.map((r) => r.reads)],
    );
  }

  /** The whole site's readers by country from `since` (null: all time), most first. */
  siteByCountry(since: string | null): Promise<CountryReadersRow[]> {
    return this.db.query(
      `SELECT country, SUM(readers)::int AS readers FROM reach_daily
       WHERE page = $1 AND ($2::date IS NULL OR day >= $2::date)
       GROUP BY country HAVING SUM(readers) > 0 ORDER BY readers DESC, country`,
      [SITE_PAGE, since],
    );
  }

  /** The first counted day (YYYY-MM-DD), or null. */
  async firstDay(): Promise<string | null> {
    const rows: { day: string | null }[] = await this.db.query(`SELECT to_char(min(day), 'YYYY-MM-DD') AS day FROM reach_daily WHERE page = $1`, [SITE_PAGE]);
    return rows[0]?.day ?? null;
  }

  /** Pages by readers from `since`; `prefix` (`e/`, `d/`…) keeps one kind; only pages that still exist when `existing`. */
  pages(since: string | null, options: { prefix?: string; existing?: boolean; limit: number }): Promise<PageReachRow[]> {
    return this.db.query(
      `WITH p AS (
         SELECT page, SUM(readers)::int AS readers, SUM(reads)::int AS reads FROM reach_daily
         WHERE page <> $1 AND ($2::date IS NULL OR day >= $2::date) AND ($3::text IS NULL OR left(page, length($3::text)) = $3::text)
         GROUP BY page)
       SELECT ${PAGE_COLUMNS} FROM p ${PAGE_DETAILS}
       WHERE NOT $4::boolean OR COALESCE(r.title, d.title, rp.title, g.name) IS NOT NULL
       ORDER BY p.readers DESC, p.reads DESC, p.page LIMIT $5`,
      [SITE_PAGE, since, options.prefix ?? null, options.existing ?? false, options.limit],
    );
  }

  /** Every group with its pages' readers and reads from `since` (the group page, its entries and datasets). */
  groups(since: string | null): Promise<GroupReachRow[]> {
    return this.db.query(
      `WITH p AS (
         SELECT page, SUM(readers)::int AS readers, SUM(reads)::int AS reads FROM reach_daily
         WHERE page <> $1 AND page <> 'hub' AND ($2::date IS NULL OR day >= $2::date) GROUP BY page),
       pg AS (SELECT p.readers, p.reads, COALESCE(eg.slug, dg.slug, rg.slug, g.slug) AS group_slug FROM p ${PAGE_DETAILS})
       SELECT k.slug, k.name, k.name_zh AS "nameZh", COALESCE(SUM(pg.readers), 0)::int AS readers, COALESCE(SUM(pg.reads), 0)::int AS reads
       FROM knowledge_groups k LEFT JOIN pg ON pg.group_slug = k.slug
       GROUP BY k.slug, k.name, k.name_zh, k.position ORDER BY readers DESC, k.position, k.slug`,
      [SITE_PAGE, since],
    );
  }
}
