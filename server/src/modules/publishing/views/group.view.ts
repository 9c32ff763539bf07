import type { PublicGroupRow, PublishedEntryListRow } from '../publishing.repository';
import { sitePath, type SiteContext } from '../site-context';
import { SITE_TEXT } from '../site-text';
import { entryList, groupName } from './entry-list';
import { html, type SafeHtml } from './html';
import { layout } from './layout';

/** `/g/:slug`: a group's description and its published entries. */
export function groupView(ctx: SiteContext, data: { group: PublicGroupRow; entries: PublishedEntryListRow[]; datasets?: SafeHtml | '' }): string {
  const t = SITE_TEXT[ctx.lang];
  const g = data.group;
  const name = groupName(ctx, g);
  const description = ctx.lang === 'zh' && g.descriptionZh ? g.descriptionZh : g.description;
  const main = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="${sitePath(ctx, '/')}">${t.siteName}</a> › ${t.groups}</nav>
<h1>${name}</h1>
<p class="lede">${description}</p>
<h2>${t.entriesInGroup} <span class="count">(${t.publishedCount(g.publishedCount)})</span></h2>
${data.entries.length > 0 ? entryList(ctx, data.entries, { showGroup: false }) : html`<p class="empty">${t.groupEmpty}</p>`}
${data.datasets ?? ''}`;
  return layout(ctx, { title: name, description, path: `/g/${g.slug}`, canonical: true, main });
}
