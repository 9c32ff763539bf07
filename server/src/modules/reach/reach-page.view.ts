import type { ReachSummaryDto } from '@knowledge-hub/shared';
import { sitePath, type SiteContext } from '../publishing/site-context';
import { html, type SafeHtml } from '../publishing/views/html';
import { layout } from '../publishing/views/layout';
import { countryName } from './country-names';
import type { PageReachRow } from './reach.repository';
import { REACH_TEXT } from './reach-text';

export interface ReachPageData {
  allTime: ReachSummaryDto;
  last30Days: ReachSummaryDto;
  topEntries: PageReachRow[];
  topDatasets: PageReachRow[];
  topReports: PageReachRow[];
  /** The world map of all-time readers (world-map.ts). */
  map: SafeHtml;
}

/** `/reach`: readers and countries (all time, last 30 days), the map, readers by country, the most read entries and datasets. */
export function reachPageView(ctx: SiteContext, data: ReachPageData): string {
  const t = REACH_TEXT[ctx.lang];
  const fmt = (v: number) => v.toLocaleString(ctx.lang === 'zh' ? 'zh-CN' : 'en-US');
  const figures = (label: string, s: ReachSummaryDto, id: string) =>
    html`<div class="reach-figures" data-testid="${id}"><h2>${label}</h2><p><strong data-readers="${s.readers}">${fmt(s.readers)}</strong> ${t.readers} · <strong data-countries="${s.countries}">${fmt(s.countries)}</strong> ${t.countries}</p></div>`;
  const pages = (rows: PageReachRow[]) =>
    rows.length === 0
      ? html`<p class="empty">${t.none}</p>`
      : html`<ol class="entry-list">${rows.map(
          (r) =>
            html`<li><a class="entry-title" href="${sitePath(ctx, r.page.startsWith('p/') ? `/r/${r.page.slice(2)}` : `/${r.page}`)}">${(ctx.lang === 'zh' ? r.titleZh : r.title) ?? r.page}</a> <span class="count">${fmt(r.readers)} ${t.readers}</span></li>`,
        )}</ol>`;
  const countries = data.allTime.byCountry.map(
    (c) => html`<tr data-country="${c.country}"><td>${countryName(c.country, ctx.lang)}</td><td>${fmt(c.readers)}</td></tr>`,
  );
  const main = html`<h1>${t.title}</h1>
<p class="tagline">${t.intro}</p>
<div class="hub">
${figures(t.allTime, data.allTime, 'reach-all-time')}
${figures(t.last30Days, data.last30Days, 'reach-last-30-days')}
</div>
<figure class="reach-map-figure">${data.map}</figure>
${data.allTime.since ? html`<p class="meta">${t.since(data.allTime.since)}</p>` : html`<p class="empty">${t.none}</p>`}
<section aria-labelledby="reach-countries">
<h2 id="reach-countries">${t.byCountry}</h2>
${countries.length > 0 ? html`<div class="entry-body"><div class="table-wrap"><table><thead><tr><th>${t.country}</th><th>${t.readers}</th></tr></thead><tbody>${countries}</tbody></table></div></div>` : html`<p class="empty">${t.none}</p>`}
</section>
<div class="hub">
<section aria-labelledby="reach-entries"><h2 id="reach-entries">${t.topEntries}</h2>${pages(data.topEntries)}</section>
<section aria-labelledby="reach-datasets"><h2 id="reach-datasets">${t.topDatasets}</h2>${pages(data.topDatasets)}</section>
<section aria-labelledby="reach-reports"><h2 id="reach-reports">${t.topReports}</h2>${pages(data.topReports)}</section>
</div>
<p class="meta">${t.privacy} <a href="https://db-ip.com">${t.geoCredit}</a></p>`;
  return layout(ctx, { title: t.title, description: t.intro, path: '/reach', canonical: true, main });
}
