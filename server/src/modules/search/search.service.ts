import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { MAX_SEARCH_QUERY_CHARS, type SearchResultsDto } from '@knowledge-hub/shared';
import { isUuid } from '../../common/ids';
import { DomainError } from '../../common/domain-error';
import { cjkTsqueryLiteral, cjkTsvectorLiteral, isEmptyQuery, latinWords, parseQuery } from './search-text';
import { SearchRepository } from './search.repository';
import { buildSnippet } from './snippet';

/** Text past this is not indexed (the tsvector of a field stays well under Postgres' 1 MB limit). */
const MAX_INDEXED_CHARS = 200_000;
/** At most this many distinct words of the hits are stemmed to find what to highlight. */
const MAX_HIGHLIGHT_CANDIDATES = 2_000;
/** Text words are stemmed for highlighting only when they start like a query word (stems keep the first letters). */
const HIGHLIGHT_PREFIX_CHARS = 3;

/**
 * Full-text search over published revisions only, English and Chinese, on
 * Postgres alone (see search-text.ts for how text is split). One row of
 * search_documents per published entry, kept in step by indexEntry, which the
 * publishing module calls whenever publication changes.
 */
@Injectable()
export class SearchService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Search');
  private latinConfig: Promise<string> | null = null;

  constructor(private readonly repo: SearchRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const n = await this.reindexStale();
      if (n > 0) this.logger.log(`re-indexed ${n} entries whose search document was stale`);
    } catch (err) {
      this.logger.error(`could not check the search index: ${(err as Error).message}`);
    }
  }

  /**
   * Brings every stale search document in line with what is published: repairs
   * what a crash between a publication change and its re-index left behind,
   * and indexes entries published without publicationChanged (the demo seed).
   * Returns how many entries it re-indexed.
   */
  async reindexStale(): Promise<number> {
    const stale = await this.repo.findEntryIdsWithStaleDocuments();
    for (const id of stale) await this.indexEntry(id);
    return stale.length;
  }

  /** Makes the entry's search document match its published revision, or removes it when nothing is published. */
  async indexEntry(entryId: string): Promise<void> {
    if (!isUuid(entryId)) return;
    const revision = await this.repo.findPublishedRevisionOfEntry(entryId);
    if (!revision) return this.repo.deleteDocument(entryId);
    await this.repo.upsertDocument({
      ...revision,
      body: revision.text,
      latinConfig: await this.config(),
      fields: { title: fieldTerms(revision.title), summary: fieldTerms(revision.summary), body: fieldTerms(revision.text) },
    });
  }

  async search(query: string, page: { limit: number; offset: number }): Promise<SearchResultsDto> {
    if (query.length > MAX_SEARCH_QUERY_CHARS) {
      throw new DomainError('validation_failed', `The query is longer than ${MAX_SEARCH_QUERY_CHARS} characters`, [
        { path: 'q', message: `At most ${MAX_SEARCH_QUERY_CHARS} characters` },
      ]);
    }
    const parsed = parseQuery(query);
    if (isEmptyQuery(parsed)) return { total: 0, hits: [] };
    const config = await this.config();
    const rows = await this.repo.findMatches(
      { latinConfig: config, latinWords: parsed.latinWords.join(' ') || null, cjkTsquery: cjkTsqueryLiteral(parsed.cjkRuns) },
      page.limit,
      page.offset,
    );
    const matches = rows.filter((r) => r.entryId !== null);
    const matchingWords = await this.wordsMatching(
      config,
      parsed.latinWords,
      matches.map((m) => m.body),
    );
    return {
      total: rows[0]?.total ?? 0,
      hits: matches.map((m) => ({
        entryId: m.entryId!,
        slug: m.slug,
        title: m.title,
        summary: m.summary,
        groupSlug: m.groupSlug,
        snippetHtml: buildSnippet(m.body, { matchingWords, cjkRuns: parsed.cjkRuns }),
        publishedAt: new Date(m.publishedAt).toISOString(),
      })),
    };
  }

  /** The words of these texts that Postgres stems like one of the query words: exactly what made them match. */
  private async wordsMatching(config: string, queryWords: string[], texts: string[]): Promise<Set<string>> {
    if (queryWords.length === 0 || texts.length === 0) return new Set();
    const prefixes = queryWords.map((w) => w.slice(0, HIGHLIGHT_PREFIX_CHARS));
    const candidates = new Set<string>();
    collect: for (const text of texts) {
      for (const word of latinWords(text)) {
        const lower = word.toLowerCase();
        if (prefixes.some((p) => lower.startsWith(p))) candidates.add(lower);
        if (candidates.size >= MAX_HIGHLIGHT_CANDIDATES) break collect;
      }
    }
    if (candidates.size === 0) return candidates;
    const lexemes = await this.repo.lexemesOfWords(config, [...new Set([...queryWords, ...candidates])]);
    const wanted = new Set(queryWords.flatMap((w) => lexemes.get(w) ?? []));
    return new Set([...candidates].filter((c) => (lexemes.get(c) ?? []).some((l) => wanted.has(l))));
  }

  /** 'english' (stemming, stop words) where Postgres has it, else 'simple'; decided once. */
  private config(): Promise<string> {
    this.latinConfig ??= this.repo.hasTextSearchConfig('english').then(
      (ok) => {
        if (!ok) this.logger.warn(`this Postgres has no 'english' text-search configuration: Latin text is indexed with 'simple' (no stemming)`);
        return ok ? 'english' : 'simple';
      },
      (err) => {
        this.latinConfig = null; // ask again next time
        throw err;
      },
    );
    return this.latinConfig;
  }
}

function fieldTerms(text: string): { latin: string; cjk: string } {
  const indexed = text.slice(0, MAX_INDEXED_CHARS);
  return { latin: latinWords(indexed).join(' '), cjk: cjkTsvectorLiteral(indexed) };
}
