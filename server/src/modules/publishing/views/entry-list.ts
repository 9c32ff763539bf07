import type { PublishedEntryListRow } from '../publishing.repository';
import { sitePath, type SiteContext } from '../site-context';
import { formatDate } from '../site-text';
import { html, type SafeHtml } from './html';

/** A <time> element: machine-readable instant, human date in the reader's language. */
export function timeTag(ctx: SiteContext, date: Date): SafeHtml {
  return html`<time datetime="${date.toISOString()}">${formatDate(date, ctx.lang)}</time>`;
}

export function groupName(ctx: SiteContext, g: { name: string; nameZh: string }): string {
  return ctx.lang === 'zh' && g.nameZh ? g.nameZh : g.name;
}

/** A list of published entries: title, summary, group and date. */
export function entryList(ctx: SiteContext, entries: PublishedEntryListRow[], options: { showGroup: boolean }): SafeHtml {
  const items = entries.map((e) => {
    const group = options.showGroup
      ? html`<a href="${sitePath(ctx, `/g/${e.groupSlug}`)}">${groupName(ctx, { name: e.groupName, nameZh: e.groupNameZh })}</a> · `
      : '';
    return html`<li>
<a class="entry-title" href="${sitePath(ctx, `/e/${e.slug}`)}" lang="${e.language}">${e.title}</a>
${e.summary ? html`<p lang="${e.language}">${e.summary}</p>` : ''}
<p class="meta">${group}${timeTag(ctx, new Date(e.publishedAt))}</p>
</li>`;
  });
  return html`<ul class="entry-list">
${items}
</ul>`;
}
