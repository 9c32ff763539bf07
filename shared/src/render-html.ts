import {
  attrString,
  boundedInt,
  citationOrder,
  type DatasetChartAttrs,
  datasetChartAttrs,
  type ReportAttrs,
  reportAttrs,
  mentionAttrs,
  docReferences,
  isHubFileSrc,
  isHubFileVariant,
  isInternalEntryHref,
  isSafeHref,
  MAX_IMAGE_DIMENSION,
  MAX_LATEX_CHARS,
  MAX_TABLE_SPAN,
  type PmMark,
  type PmNode,
} from './editor-schema.js';
import { type CslItem, doiUrl, formatReferenceText, parseDoi, type References } from './references.js';

/**
 * ProseMirror JSON → HTML, with an allow-list: only the node and mark types of
 * the editor schema become tags, every text and attribute is escaped, links
 * keep only http(s), mailto and /e/<slug> targets, images only files of this
 * hub. Nothing from the document can become a script, an event handler or a
 * style: published HTML is safe without a parser. The only HTML not built
 * here is what the injected `renderMath` returns (the server's KaTeX) and
 * what the injected `renderChart` returns (the server's sanitised chart SVG)
 * and `renderReport` (the server's player of an approved report).
 *
 * Citations are numbered by first appearance ([1] → #ref-1). The reference
 * list (`<ol class="references">`, after the body) holds the cited references
 * in that order, then the references nobody cites (sorted by first author,
 * title, id), numbered on: a reader sees every reference the entry carries,
 * and the numbers of cited ones never depend on uncited ones.
 */

/** Responsive variants of a hub image (from the file store), for srcset. */
export interface ImageSources {
  srcset: { src: string; width: number }[];
  width?: number;
  height?: number;
}

export interface RenderOptions {
  /** LaTeX → HTML (server: KaTeX, never throws). Without it a formula shows its source in `<code class="math">`. */
  renderMath?: (latex: string, displayMode: boolean) => string;
  /**
   * A dataset chart's HTML (server: the SVG figure of the pinned version, see
   * server/src/modules/charts). Without it, or when it throws, a chart shows
   * as a placeholder with its title.
   */
  renderChart?: (attrs: DatasetChartAttrs) => string;
  /**
   * An embedded report's HTML (server: its native player and a link to its
   * page, see server/src/modules/reports). Without it, or when it throws, a
   * placeholder.
   */
  renderReport?: (attrs: ReportAttrs) => string;
  /** A hub image's variants and intrinsic size, or null. */
  imageSources?: (src: string) => ImageSources | null;
  /** The references (default: the doc's `attrs.references` snapshot). */
  references?: References;
  /** Formats the reference list (one plain-text entry per item, same order, without DOI/URL: the renderer links those). */
  formatReferences?: (items: CslItem[]) => string[];
  /** Heading of the reference list (default "References"). */
  referencesHeading?: string;
  /** The `sizes` attribute of figures with a srcset. */
  imageSizes?: string;
}

const DEFAULT_IMAGE_SIZES = '(max-width: 48rem) 100vw, 48rem';

export function renderHtml(doc: PmNode, options: RenderOptions = {}): string {
  const references = options.references ?? docReferences(doc);
  const order = bibliographyOrder(doc, references);
  const numbers = new Map(order.map((id, i) => [id, i + 1]));
  const r = new Renderer(options, numbers);
  const body = (doc.content ?? []).map((n) => r.node(n, false)).join('\n');
  const list = renderBibliography(order, references, options);
  return list ? (body ? `${body}\n${list}` : list) : body;
}

/** Reference ids in reference-list order: cited ones by first citation, then uncited ones by first author, title, id. */
export function bibliographyOrder(doc: PmNode, references: References): string[] {
  const cited = citationOrder(doc).filter((id) => references.has(id));
  const citedSet = new Set(cited);
  const key = (item: CslItem) => [item.author?.[0]?.family ?? item.author?.[0]?.literal ?? '', item.title ?? ''].join('\u0000').toLowerCase();
  const uncited = [...references.keys()]
    .filter((id) => !citedSet.has(id))
    .sort((a, b) => {
      const ka = key(references.get(a)!);
      const kb = key(references.get(b)!);
      return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
    });
  return [...cited, ...uncited];
}

function renderBibliography(order: string[], references: References, options: RenderOptions): string {
  if (order.length === 0) return '';
  const items = order.map((id) => references.get(id)!);
  const bare = items.map(({ DOI: _doi, URL: _url, ...rest }) => rest as CslItem);
  let texts: string[] | null = null;
  if (options.formatReferences) {
    try {
      texts = options.formatReferences(bare);
    } catch {
      texts = null;
    }
  }
  if (!texts || texts.length !== items.length) texts = bare.map(formatReferenceText);
  const lis = items.map((item, i) => {
    const doi = parseDoi(item.DOI);
    let link = '';
    if (doi) {
      const url = doiUrl(doi);
      link = ` <a class="doi" href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(`https://doi.org/${doi}`)}</a>`;
    } else if (typeof item.URL === 'string' && /^https?:\/\//i.test(item.URL.trim()) && isSafeHref(item.URL)) {
      link = ` <a href="${escapeHtml(item.URL.trim())}" rel="nofollow noopener noreferrer">${escapeHtml(item.URL.trim())}</a>`;
    }
    const text = (texts![i] ?? '').trim() || formatReferenceText(bare[i]) || '—';
    return `<li id="ref-${i + 1}">${escapeHtml(text)}${link}</li>`;
  });
  const heading = escapeHtml(options.referencesHeading ?? 'References');
  return `<section class="references-section"><h2 id="references">${heading}</h2><ol class="references">${lis.join('')}</ol></section>`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

class Renderer {
  constructor(
    private readonly options: RenderOptions,
    private readonly numbers: Map<string, number>,
  ) {}

  children(node: PmNode, inTable: boolean): string {
    return (node.content ?? []).map((n) => this.node(n, inTable)).join('');
  }

  node(node: PmNode, inTable: boolean): string {
    switch (node.type) {
      case 'text':
        return renderText(node.text ?? '', node.marks ?? []);
      case 'hardBreak':
        return '<br>';
      case 'paragraph':
        return `<p>${this.children(node, inTable)}</p>`;
      case 'heading': {
        const level = clampLevel(node.attrs?.level);
        return `<h${level}>${this.children(node, inTable)}</h${level}>`;
      }
      case 'bulletList':
        return `<ul>${this.children(node, inTable)}</ul>`;
      case 'orderedList': {
        const start = Number(node.attrs?.start);
        const startAttr = Number.isInteger(start) && start > 1 && start < 1e6 ? ` start="${start}"` : '';
        return `<ol${startAttr}>${this.children(node, inTable)}</ol>`;
      }
      case 'listItem':
        return `<li>${this.children(node, inTable)}</li>`;
      case 'blockquote':
        return `<blockquote>${this.children(node, inTable)}</blockquote>`;
      case 'codeBlock':
        return `<pre><code>${escapeHtml((node.content ?? []).map((c) => c.text ?? '').join(''))}</code></pre>`;
      case 'horizontalRule':
        return '<hr>';
      case 'table':
        // Tables do not nest: a table inside a cell keeps its cells' content only.
        return inTable ? this.flattenTable(node) : this.table(node);
      case 'tableRow':
      case 'tableHeader':
      case 'tableCell':
        // Outside a table (only a hostile writer puts them there): content only.
        return this.children(node, inTable);
      case 'image':
        return this.figure(node);
      case 'inlineMath':
        return this.math(node, false);
      case 'blockMath':
        return this.math(node, true);
      case 'citation':
        return this.citation(node);
      case 'mention':
        return this.mention(node);
      case 'datasetChart':
        return this.chart(node);
      case 'report':
        return this.report(node);
      default:
        // Unknown node: keep its content, drop the node itself.
        return this.children(node, inTable);
    }
  }

  private table(node: PmNode): string {
    const rows = (node.content ?? []).filter((r) => r.type === 'tableRow');
    if (rows.length === 0) return '';
    const isCell = (c: PmNode) => c.type === 'tableCell' || c.type === 'tableHeader';
    const first = (rows[0].content ?? []).filter(isCell);
    const headerRow = first.length > 0 && first.every((c) => c.type === 'tableHeader');
    const row = (r: PmNode, head: boolean) =>
      `<tr>${(r.content ?? [])
        .filter(isCell)
        .map((c) => this.cell(c, head))
        .join('')}</tr>`;
    const thead = headerRow ? `<thead>${row(rows[0], true)}</thead>` : '';
    const bodyRows = (headerRow ? rows.slice(1) : rows).map((r) => row(r, false)).join('');
    return `<div class="table-wrap"><table>${thead}${bodyRows ? `<tbody>${bodyRows}</tbody>` : ''}</table></div>`;
  }

  private cell(c: PmNode, inHeaderRow: boolean): string {
    const colspan = boundedInt(c.attrs?.colspan, MAX_TABLE_SPAN);
    const rowspan = boundedInt(c.attrs?.rowspan, MAX_TABLE_SPAN);
    let attrs = '';
    if (colspan && colspan > 1) attrs += ` colspan="${colspan}"`;
    if (rowspan && rowspan > 1) attrs += ` rowspan="${rowspan}"`;
    const content = this.children(c, true);
    if (c.type === 'tableHeader') return `<th scope="${inHeaderRow ? 'col' : 'row'}"${attrs}>${content}</th>`;
    return `<td${attrs}>${content}</td>`;
  }

  private flattenTable(node: PmNode): string {
    const cells: PmNode[] = [];
    for (const r of node.content ?? []) for (const c of r.content ?? []) cells.push(c);
    return cells.map((c) => (c.type === 'tableCell' || c.type === 'tableHeader' ? this.children(c, true) : this.node(c, true))).join('');
  }

  private figure(node: PmNode): string {
    const src = node.attrs?.src;
    if (!isHubFileSrc(src)) return '';
    const alt = attrString(node, 'alt');
    const title = attrString(node, 'title');
    const caption = attrString(node, 'caption').trim();
    const credit = attrString(node, 'credit').trim();
    let sources: ImageSources | null = null;
    try {
      sources = this.options.imageSources?.(src) ?? null;
    } catch {
      sources = null;
    }
    const width = boundedInt(sources?.width, MAX_IMAGE_DIMENSION) ?? boundedInt(node.attrs?.width, MAX_IMAGE_DIMENSION);
    const height = boundedInt(sources?.height, MAX_IMAGE_DIMENSION) ?? boundedInt(node.attrs?.height, MAX_IMAGE_DIMENSION);
    const candidates = (sources?.srcset ?? []).filter((s) => (isHubFileSrc(s.src) || isHubFileVariant(s.src)) && boundedInt(s.width, MAX_IMAGE_DIMENSION));
    let img = `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"`;
    if (title) img += ` title="${escapeHtml(title)}"`;
    if (width && height) img += ` width="${width}" height="${height}"`;
    img += ' loading="lazy" decoding="async"';
    if (candidates.length > 0) {
      img += ` srcset="${escapeHtml(candidates.map((s) => `${s.src} ${s.width}w`).join(', '))}" sizes="${escapeHtml(this.options.imageSizes ?? DEFAULT_IMAGE_SIZES)}"`;
    }
    img += '>';
    const captionHtml = [caption ? escapeHtml(caption) : '', credit ? `<small class="credit">${escapeHtml(credit)}</small>` : ''].filter(Boolean).join(' ');
    return `<figure>${img}${captionHtml ? `<figcaption>${captionHtml}</figcaption>` : ''}</figure>`;
  }

  private math(node: PmNode, display: boolean): string {
    const latex = attrString(node, 'latex');
    const tag = display ? 'div' : 'span';
    const cls = display ? 'math math-display' : 'math math-inline';
    if (this.options.renderMath && latex.trim() && latex.length <= MAX_LATEX_CHARS) {
      try {
        return `<${tag} class="${cls}">${this.options.renderMath(latex, display)}</${tag}>`;
      } catch {
        return `<${tag} class="${cls}"><code class="math math-error">${escapeHtml(latex)}</code></${tag}>`;
      }
    }
    const code = `<code class="math">${escapeHtml(latex)}</code>`;
    return display ? `<div class="${cls}">${code}</div>` : code;
  }

  private chart(node: PmNode): string {
    const attrs = datasetChartAttrs(node);
    if (attrs && this.options.renderChart) {
      try {
        return this.options.renderChart(attrs);
      } catch {
        // the placeholder below
      }
    }
    const title = attrs?.spec.title?.trim() || 'Chart';
    return `<figure class="dataset-chart dataset-chart-missing"><figcaption>${escapeHtml(title)}</figcaption></figure>`;
  }

  private report(node: PmNode): string {
    const attrs = reportAttrs(node);
    if (attrs && this.options.renderReport) {
      try {
        return this.options.renderReport(attrs);
      } catch {
        // the placeholder below
      }
    }
    return '<figure class="report-embed report-missing"><figcaption>Report</figcaption></figure>';
  }

  /** A mention publishes as plain text: no link, no user id (who was mentioned is the group's business). */
  private mention(node: PmNode): string {
    const { label } = mentionAttrs(node);
    return label ? `<span class="mention">@${escapeHtml(label)}</span>` : '';
  }

  private citation(node: PmNode): string {
    const n = this.numbers.get(attrString(node, 'ref'));
    if (n === undefined) return '<span class="citation citation-unknown">[?]</span>';
    return `<a href="#ref-${n}" class="citation">[${n}]</a>`;
  }
}

function clampLevel(level: unknown): number {
  const n = Number(level);
  // h1 is the page title; body headings start at h2.
  return Number.isInteger(n) ? Math.min(6, Math.max(2, n)) : 2;
}

const MARK_ORDER = ['link', 'bold', 'italic', 'underline', 'strike', 'code'];

function renderText(text: string, marks: PmMark[]): string {
  let html = escapeHtml(text);
  const sorted = [...marks].sort((a, b) => MARK_ORDER.indexOf(b.type) - MARK_ORDER.indexOf(a.type));
  for (const mark of sorted) {
    switch (mark.type) {
      case 'bold':
        html = `<strong>${html}</strong>`;
        break;
      case 'italic':
        html = `<em>${html}</em>`;
        break;
      case 'underline':
        html = `<u>${html}</u>`;
        break;
      case 'strike':
        html = `<s>${html}</s>`;
        break;
      case 'code':
        html = `<code>${html}</code>`;
        break;
      case 'link': {
        const href = mark.attrs?.href;
        if (!isSafeHref(href)) break;
        const rel = isInternalEntryHref(href) ? '' : ' rel="nofollow noopener noreferrer"';
        html = `<a href="${escapeHtml(href.trim())}"${rel}>${html}</a>`;
        break;
      }
    }
  }
  return html;
}
