import type { SearchResultsDto } from '@knowledge-hub/shared';
import { sitePath, type SiteContext } from '../site-context';
import { SITE_TEXT } from '../site-text';
import { groupName, timeTag } from './entry-list';
import { html, SafeHtml } from './html';
import { layout } from './layout';
import { textLanguage } from './text-language';

export interface SearchViewData {
  query: string;
  page: number;
  pageSize: number;
  results: SearchResultsDto | null;
  /** Shown instead of results (e.g. a query that is too long). */
  problem?: string;
  groupsBySlug: ReadonlyMap<string, { name: string; nameZh: string }>;
  /** Datasets matching the query (title, description, column names), listed before the entries. */
  datasets?: SafeHtml | '';
}

/** `/search?q=`: the hits with their highlighted snippets, and plain links to the other pages. */
export function searchView(ctx: SiteContext, d: SearchViewData): string {
  const t = SITE_TEXT[ctx.lang];
  const trimmed = d.query.trim();
  let body: SafeHtml;
  if (d.problem) body = html`<p class="lede">${d.problem}</p>`;
  else if (!trimmed || !d.results) body = html`<p class="lede">${t.emptyQuery}</p>`;
  else {
    const { total, hits } = d.results;
    const items = hits.map((h) => {
      const group = d.groupsBySlug.get(h.groupSlug);
      // Hits carry no language: the script of their text tells (a Chinese title read with an English voice is noise).
      const lang = textLanguage(`${h.title} ${h.summary}`);
      return html`<li${lang === ctx.lang ? '' : html` lang="${lang}"`}>
<h2><a href="${sitePath(ctx, `/e/${h.slug}`)}">${h.title}</a></h2>
<p class="snippet">${snippet(h.snippetHtml)}</p>
<p class="meta">${group ? html`<a href="${sitePath(ctx, `/g/${h.groupSlug}`)}">${groupName(ctx, group)}</a> · ` : ''}${timeTag(ctx, new Date(h.publishedAt))}</p>
</li>`;
    });
    const pages = Math.ceil(total / d.pageSize);
    const pager =
      pages > 1
        ? html`<nav class="pager">${d.page > 1 ? html`<a rel="prev" href="${sitePath(ctx, '/search', { q: trimmed, page: d.page - 1 })}">← ${t.previous}</a>` : ''}${
            d.page < pages ? html`<a rel="next" href="${sitePath(ctx, '/search', { q: trimmed, page: d.page + 1 })}">${t.next} →</a>` : ''
          }</nav>`
        : '';
    body = html`${d.datasets ?? ''}<p class="result-count">${t.resultsFor(total, trimmed)}</p>
${
  hits.length > 0
    ? html`<ol class="results">
${items}
</ol>`
    : html`<p class="empty">${t.noResults}</p>`
}
${pager}`;
  }
  const main = html`<h1>${t.search}</h1>
${body}`;
  return layout(ctx, {
    title: trimmed ? `${t.search}: ${trimmed}` : t.search,
    path: '/search',
    params: { q: trimmed || undefined, page: d.page > 1 ? d.page : undefined },
    query: d.query,
    description: t.searchDescription,
    noindex: true,
    main,
  });
}

/** Built by the search module from escaped text: its only markup is <mark>. */
function snippet(snippetHtml: string): SafeHtml {
  return new SafeHtml(snippetHtml);
}
