import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Archived entries as the public site knows them: only that their address once existed. */
@Injectable()
export class ArchivedEntriesRepository {
  constructor(private readonly db: DataSource) {}

  async isArchivedSlug(slug: string): Promise<boolean> {
    if (slug.includes('\u0000')) return false; // Postgres text cannot hold NUL; no slug has one
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM entries WHERE slug = $1 AND archived_at IS NOT NULL`, [slug]);
    return rows.length > 0;
  }
}
