import type { SiteContext } from '../publishing/site-context';
import { escapeXml, html, type SafeHtml } from '../publishing/views/html';
import { layout } from '../publishing/views/layout';
import type { DatasetRow, DatasetVersionRow } from './datasets.repository';

const TEXT = {
  en: {
    licence: 'Licence',
    source: 'Source',
    group: 'Group',
    versions: 'Approved versions',
    version: 'Version',
    rows: 'rows',
    approved: 'approved',
    schema: 'Columns',
    column: 'Column',
    type: 'Type',
    firstRows: (n: number, total: number) => `The first ${Math.min(n, total)} of ${total} rows`,
    download: 'Download',
    csv: 'The file of this version',
    json: 'JSON (the query API, up to 10,000 rows)',
    cite: 'Cite this dataset',
    usedIn: 'Charts of this dataset appear in',
  },
  zh: {
    licence: '许可',
    source: '来源',
    group: '小组',
    versions: '已批准的版本',
    version: '版本',
    rows: '行',
    approved: '批准于',
    schema: '列',
    column: '列名',
    type: '类型',
    firstRows: (n: number, total: number) => `共 ${total} 行中的前 ${Math.min(n, total)} 行`,
    download: '下载',
    csv: '这个版本的文件',
    json: 'JSON（查询接口，最多 10,000 行）',
    cite: '引用这个数据集',
    usedIn: '使用这个数据集图表的条目',
  },
} as const;

/** A dataset's public page: description, licence, source, approved versions with SHA-256, schema, first rows, downloads, the entries charting it, citation. No script. */
export function datasetPage(
  ctx: SiteContext,
  d: { dataset: DatasetRow; version: DatasetVersionRow; versions: DatasetVersionRow[]; first: unknown[][]; usedIn: { slug: string; title: string }[] },
): string {
  const t = TEXT[ctx.lang];
  const { dataset, version } = d;
  const title = ctx.lang === 'zh' && dataset.titleZh ? dataset.titleZh : dataset.title;
  const path = `/d/${encodeURIComponent(dataset.slug)}`;
  const fileHref = (n: number) => `${path}/versions/${n}/file`;
  const approvedAt = new Date(version.reviewedAt ?? version.createdAt);
  const citation = `${dataset.title} (version ${version.number}, SHA-256 ${version.sha256}). ${dataset.groupName}, Knowledge Hub, ${approvedAt.getUTCFullYear()}. ${ctx.origin}${path}?version=${version.number}. Licence: ${dataset.licence}.`;
  const main = html`<article class="dataset" data-dataset="${dataset.slug}">
<header class="page-header"><h1>${title}</h1>
<p class="muted">${t.group}: <a href="/g/${encodeURIComponent(dataset.groupSlug)}">${ctx.lang === 'zh' && dataset.groupNameZh ? dataset.groupNameZh : dataset.groupName}</a></p></header>
${dataset.description ? html`<p class="lead">${dataset.description}</p>` : ''}
<dl class="dataset-facts">
<dt>${t.licence}</dt><dd data-testid="dataset-licence">${dataset.licence}</dd>
<dt>${t.source}</dt><dd>${dataset.sourceUrl ? html`<a href="${dataset.sourceUrl}" rel="nofollow noopener">${dataset.sourceText}</a>` : dataset.sourceText}</dd>
</dl>
<section><h2>${t.download}</h2><ul>
<li><a href="${fileHref(version.number)}" data-testid="dataset-download-csv">${t.csv} (${t.version} ${version.number}, ${version.delimiter === '\t' ? 'TSV' : 'CSV'})</a></li>
<li><a href="/api/public/datasets/${encodeURIComponent(dataset.slug)}/data?version=${version.number}&amp;format=json" data-testid="dataset-download-json">${t.json}</a></li>
</ul></section>
<section><h2>${t.versions}</h2><table class="dataset-versions"><thead><tr><th scope="col">${t.version}</th><th scope="col">${t.approved}</th><th scope="col">${t.rows}</th><th scope="col">SHA-256</th></tr></thead><tbody>
${d.versions.map(
  (v) =>
    html`<tr data-version="${v.number}"><td><a href="${fileHref(v.number)}">${v.number}</a></td><td><time datetime="${new Date(v.reviewedAt ?? v.createdAt).toISOString()}">${new Date(v.reviewedAt ?? v.createdAt).toISOString().slice(0, 10)}</time></td><td>${v.rows}</td><td><code class="sha256">${v.sha256}</code></td></tr>
`,
)}</tbody></table></section>
<section><h2>${t.schema}</h2><table class="dataset-schema"><thead><tr><th scope="col">${t.column}</th><th scope="col">${t.type}</th></tr></thead><tbody>
${version.columns.map((c) => html`<tr><td>${c.name}</td><td>${c.type}</td></tr>`)}
</tbody></table></section>
<section><h2>${t.firstRows(d.first.length, version.rows)}</h2><div class="table-scroll"><table class="dataset-rows"><thead><tr>${version.columns.map((c) => html`<th scope="col">${c.name}</th>`)}</tr></thead><tbody>
${d.first.map((r) => html`<tr>${r.map((v) => html`<td>${v === null ? '' : String(v)}</td>`)}</tr>`)}
</tbody></table></div></section>
${
  d.usedIn.length > 0
    ? html`<section><h2>${t.usedIn}</h2><ul class="dataset-used-in" data-testid="dataset-used-in">${d.usedIn.map((e) => html`<li><a href="/e/${encodeURIComponent(e.slug)}">${e.title}</a></li>`)}</ul></section>`
    : ''
}
<section><h2>${t.cite}</h2><p class="citation" data-testid="dataset-citation">${citation}</p></section>
</article>`;
  return layout(ctx, { title, description: dataset.description.slice(0, 300), path, canonical: true, main });
}

/** A list of datasets (group and search pages). */
export function datasetList(ctx: SiteContext, rows: DatasetRow[]): SafeHtml {
  const heading = ctx.lang === 'zh' ? '数据集' : 'Datasets';
  return html`<section class="datasets" data-testid="dataset-list"><h2>${heading}</h2><ul class="dataset-list">
${rows.map(
  (d) =>
    html`<li><a href="/d/${encodeURIComponent(d.slug)}">${ctx.lang === 'zh' && d.titleZh ? d.titleZh : d.title}</a>${d.description ? html` — <span class="muted">${d.description.slice(0, 200)}</span>` : ''}</li>
`,
)}</ul></section>`;
}

/** Atom entries for approved dataset versions (the site feed). */
export function datasetFeedEntries(
  origin: string,
  rows: {
    number: number;
    sha256: string;
    rows: number;
    reviewedAt: Date | null;
    createdAt: Date;
    slug: string;
    title: string;
    description: string;
    groupSlug: string;
    groupName: string;
  }[],
): string[] {
  const x = escapeXml;
  return rows.map((v) => {
    const url = `${origin}/d/${v.slug}`;
    const at = new Date(v.reviewedAt ?? v.createdAt).toISOString();
    return [
      '  <entry>',
      `    <title>${x(`${v.title} (dataset, version ${v.number})`)}</title>`,
      `    <id>${x(`${url}#version-${v.number}`)}</id>`,
      `    <link rel="alternate" type="text/html" href="${x(url)}"/>`,
      `    <published>${at}</published>`,
      `    <updated>${at}</updated>`,
      `    <category term="${x(v.groupSlug)}" label="${x(v.groupName)}"/>`,
      `    <summary>${x(`${v.description} ${v.rows} rows, SHA-256 ${v.sha256}.`.trim())}</summary>`,
      '  </entry>',
    ].join('\n');
  });
}
