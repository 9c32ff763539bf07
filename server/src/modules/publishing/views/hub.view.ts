import type { ReachTotals } from '../../reach/reach-hook.service';
import { REACH_TEXT } from '../../reach/reach-text';
import type { PublicGroupRow, PublishedEntryListRow } from '../publishing.repository';
import { sitePath, type SiteContext } from '../site-context';
import { SITE_TEXT } from '../site-text';
import { entryList, groupName } from './entry-list';
import { html } from './html';
import { layout } from './layout';

/** `/`: the sixteen knowledge groups with their published counts, and the newest publications. */
export function hubView(ctx: SiteContext, data: { groups: PublicGroupRow[]; recent: PublishedEntryListRow[]; reach?: ReachTotals | null }): string {
  const t = SITE_TEXT[ctx.lang];
  const groups = data.groups.map(
    (g) => html`<li>
<a class="group-name" href="${sitePath(ctx, `/g/${g.slug}`)}">${groupName(ctx, g)}</a> <span class="count">${t.publishedCount(g.publishedCount)}</span>
<p>${ctx.lang === 'zh' && g.descriptionZh ? g.descriptionZh : g.description}</p>
</li>`,
  );
  const main = html`<h1>${t.siteName}</h1>
<p class="tagline">${t.tagline}</p>
${data.reach && data.reach.readers > 0 ? html`<p class="meta" data-testid="hub-reach"><a href="${sitePath(ctx, '/reach')}">${REACH_TEXT[ctx.lang].hubLine(data.reach.readers, data.reach.countries)}</a></p>` : ''}
<div class="hub">
<section aria-labelledby="groups-heading">
<h2 id="groups-heading">${t.groups}</h2>
<ol class="group-index">
${groups}
</ol>
</section>
<section aria-labelledby="recent-heading">
<h2 id="recent-heading">${t.recentlyPublished}</h2>
${data.recent.length > 0 ? entryList(ctx, data.recent, { showGroup: true }) : html`<p class="empty">${t.nothingPublishedYet}</p>`}
</section>
</div>`;
  return layout(ctx, { title: t.siteName, description: t.tagline, path: '/', canonical: true, main });
}
