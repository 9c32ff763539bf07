import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface PublishedRevisionForIndex {
  entryId: string;
  revisionId: string;
  title: string;
  summary: string;
  text: string;
  language: string;
  publishedAt: Date;
}

/** One search document, as the service prepared it: the Latin words and the CJK tsvector literal of each field. */
export interface SearchDocumentInput {
  entryId: string;
  revisionId: string;
  title: string;
  summary: string;
  body: string;
  language: string;
  publishedAt: Date;
  latinConfig: string;
  fields: Record<'title' | 'summary' | 'body', { latin: string; cjk: string }>;
}

export interface MatchRow {
  total: number;
  entryId: string | null;
  slug: string;
  title: string;
  summary: string;
  body: string;
  groupSlug: string;
  publishedAt: Date;
}

/** The tsquery of a search, as parameters: Latin words for plainto_tsquery and a CJK tsquery literal. */
export interface SearchQueryInput {
  latinConfig: string;
  latinWords: string | null;
  cjkTsquery: string | null;
}

@Injectable()
export class SearchRepository {
  constructor(private readonly db: DataSource) {}

  async hasTextSearchConfig(name: string): Promise<boolean> {
    const rows: { ok: boolean }[] = await this.db.query(`SELECT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = $1) AS ok`, [name]);
    return rows[0].ok;
  }

  /** The revision readers see for this entry, or null when nothing is published. */
  async findPublishedRevisionOfEntry(entryId: string): Promise<PublishedRevisionForIndex | null> {
    const rows: PublishedRevisionForIndex[] = await this.db.query(
      `SELECT e.id AS "entryId", r.id AS "revisionId", r.title, r.summary, r.text, r.language,
              COALESCE(e.published_at, r.reviewed_at, now()) AS "publishedAt"
       FROM entries e JOIN revisions r ON r.id = e.published_revision_id
       WHERE e.id = $1 AND e.archived_at IS NULL`,
      [entryId],
    );
    return rows[0] ?? null;
  }

  /** Title weighs A, summary B, body D (ts_rank's default weights 1.0, 0.4, 0.1). */
  async upsertDocument(d: SearchDocumentInput): Promise<void> {
    await this.db.query(
      `INSERT INTO search_documents (entry_id, revision_id, title, summary, body, language, published_at, tsv)
       VALUES ($1, $2, $3, $4, $5, $6, $7,
         setweight(to_tsvector($8::regconfig, $9) || $10::tsvector, 'A') ||
         setweight(to_tsvector($8::regconfig, $11) || $12::tsvector, 'B') ||
         setweight(to_tsvector($8::regconfig, $13) || $14::tsvector, 'D'))
       ON CONFLICT (entry_id) DO UPDATE SET
         revision_id = EXCLUDED.revision_id, title = EXCLUDED.title, summary = EXCLUDED.summary, body = EXCLUDED.body,
         language = EXCLUDED.language, published_at = EXCLUDED.published_at, tsv = EXCLUDED.tsv`,
      [
        d.entryId,
        d.revisionId,
        d.title,
        d.summary,
        d.body,
        d.language,
        d.publishedAt,
        d.latinConfig,
        d.fields.title.latin,
        d.fields.title.cjk,
        d.fields.summary.latin,
        d.fields.summary.cjk,
        d.fields.body.latin,
        d.fields.body.cjk,
      ],
    );
  }

  async deleteDocument(entryId: string): Promise<void> {
    await this.db.query(`DELETE FROM search_documents WHERE entry_id = $1`, [entryId]);
  }

  /** Entries whose search document is missing, outdated, or left over after unpublishing. */
  async findEntryIdsWithStaleDocuments(): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT e.id FROM entries e LEFT JOIN search_documents d ON d.entry_id = e.id
       WHERE e.published_revision_id IS NOT NULL AND e.archived_at IS NULL AND d.revision_id IS DISTINCT FROM e.published_revision_id
       UNION
       SELECT d.entry_id FROM search_documents d JOIN entries e ON e.id = d.entry_id
       WHERE e.published_revision_id IS NULL OR e.archived_at IS NOT NULL`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * One page of matches, best first, and the total. Only documents of the
   * revision that is published right now count, even if an index update was
   * missed. Always returns at least one row (carrying the total); entryId is
   * null on it when the page is empty.
   */
  async findMatches(q: SearchQueryInput, limit: number, offset: number): Promise<MatchRow[]> {
    const parts: string[] = [];
    const params: unknown[] = [limit, offset];
    if (q.latinWords) {
      params.push(q.latinConfig, q.latinWords);
      parts.push(`plainto_tsquery($${params.length - 1}::regconfig, $${params.length})`);
    }
    if (q.cjkTsquery) {
      params.push(q.cjkTsquery);
      parts.push(`$${params.length}::tsquery`);
    }
    if (parts.length === 0) return [];
    // Built only from the fixed fragments above; every value is a bound parameter.
    const query = `(${parts.join(' && ')})`;
    return this.db.query(
      `WITH matches AS (
         SELECT d.entry_id, d.title, d.summary, d.body, d.published_at, e.slug, g.slug AS group_slug, ts_rank(d.tsv, ${query}) AS rank
         FROM search_documents d
         JOIN entries e ON e.id = d.entry_id AND e.published_revision_id = d.revision_id AND e.archived_at IS NULL
         JOIN knowledge_groups g ON g.id = e.group_id
         WHERE d.tsv @@ ${query}
       )
       SELECT t.total, p.entry_id AS "entryId", p.slug, p.title, p.summary, p.body, p.group_slug AS "groupSlug", p.published_at AS "publishedAt"
       FROM (SELECT count(*)::int AS total FROM matches) t
       LEFT JOIN LATERAL (SELECT * FROM matches ORDER BY rank DESC, published_at DESC, entry_id LIMIT $1 OFFSET $2) p ON true`,
      params,
    );
  }

  /** The lexemes Postgres makes of each word (its stems; none for a stop word). */
  async lexemesOfWords(config: string, words: string[]): Promise<Map<string, string[]>> {
    if (words.length === 0) return new Map();
    const rows: { word: string; lexemes: string[] }[] = await this.db.query(
      `SELECT w AS word, tsvector_to_array(to_tsvector($1::regconfig, w)) AS lexemes FROM unnest($2::text[]) AS w`,
      [config, words],
    );
    return new Map(rows.map((r) => [r.word, r.lexemes]));
  }
}
