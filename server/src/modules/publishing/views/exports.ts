import {
  attrString,
  bibliographyOrder,
  boundedInt,
  type CslItem,
  docReferences,
  doiUrl,
  isHubFileSrc,
  isSafeHref,
  mentionText,
  parseDoi,
  type PmMark,
  type PmNode,
} from '@knowledge-hub/shared';
import { exportItem, formatBibliography } from '../../references/citation';
import type { PublishedEntryRow } from '../publishing.repository';
import { isoDate } from '../site-text';

/**
 * "Cite this entry" and the Markdown export of a published entry:
 * `/e/<slug>.bib`, `.ris`, `.json` (CSL-JSON) describe the entry itself as a
 * citable item — its title, contributors as authors (literal names, so that
 * Chinese names are not split), the hub and group as the container, the
 * approval date, the revision and its address; `/e/<slug>.md` is the
 * revision as Markdown with its reference list.
 */

const PUBLISHER = 'Knowledge Hub';

export type ExportFormat = 'bib' | 'ris' | 'json' | 'md';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['bib', 'ris', 'json', 'md'];

/** The entry as one CSL item (id = slug). */
export function entryCslItem(origin: string, e: PublishedEntryRow): CslItem & { id: string } {
  const approved = new Date(e.approvedAt);
  return {
    id: e.slug,
    type: 'entry-encyclopedia',
    title: e.title,
    author: e.contributors.map((name) => ({ literal: name })),
    'container-title': `${PUBLISHER}: ${e.groupName}`,
    publisher: PUBLISHER,
    version: `${e.revisionNumber}`,
    URL: `${origin}/e/${e.slug}`,
    issued: { 'date-parts': [[approved.getUTCFullYear(), approved.getUTCMonth() + 1, approved.getUTCDate()]] },
    language: e.language,
    ...(e.summary ? { abstract: e.summary } : {}),
  };
}

export function entryBibtex(origin: string, e: PublishedEntryRow): string {
  return exportItem(entryCslItem(origin, e), 'bibtex');
}

export function entryRis(origin: string, e: PublishedEntryRow): string {
  return exportItem(entryCslItem(origin, e), 'ris');
}

export function entryCslJson(origin: string, e: PublishedEntryRow): string {
  return `${JSON.stringify([entryCslItem(origin, e)], null, 2)}\n`;
}

/** The revision as Markdown: title, summary, body (pipe tables, figures as absolute links with their caption, $…$ math), references, source line. */
export function entryMarkdown(origin: string, e: PublishedEntryRow, doc: PmNode): string {
  const references = docReferences(doc);
  const order = bibliographyOrder(doc, references);
  const numbers = new Map(order.map((id, i) => [id, i + 1]));
  const md = new MarkdownWriter(origin, numbers);
  const parts = [`# ${inline(e.title)}`];
  if (e.summary) parts.push(quote(inline(e.summary)));
  const body = md.blocks(doc.content ?? []);
  if (body) parts.push(body);
  if (order.length > 0) {
    const items = order.map((id) => references.get(id)!);
    let texts: string[];
    try {
      texts = formatBibliography(items.map(({ DOI: _d, URL: _u, ...rest }) => rest as CslItem));
    } catch {
      texts = items.map((i) => i.title ?? '');
    }
    const lines = items.map((item, i) => {
      const doi = parseDoi(item.DOI);
      const link = doi ? ` <${doiUrl(doi)}>` : typeof item.URL === 'string' && /^https?:\/\//i.test(item.URL) ? ` <${item.URL.trim()}>` : '';
      return `${i + 1}. ${inline(texts[i] || item.title || '')}${link}`;
    });
    parts.push(`## ${e.language.startsWith('zh') ? '参考文献' : 'References'}\n\n${lines.join('\n')}`);
  }
  parts.push(`---\n\n${PUBLISHER}, revision ${e.revisionNumber}, ${isoDate(new Date(e.approvedAt))}: <${origin}/e/${e.slug}>`);
  return `${parts.join('\n\n')}\n`;
}

/** Markdown's special characters in running text. */
function inline(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~$])/g, '\\$1').replace(/\s*\n\s*/g, ' ');
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

class MarkdownWriter {
  constructor(
    private readonly origin: string,
    private readonly numbers: Map<string, number>,
  ) {}

  blocks(nodes: PmNode[]): string {
    return nodes
      .map((n) => this.block(n))
      .filter((s) => s.length > 0)
      .join('\n\n');
  }

  private block(node: PmNode): string {
    switch (node.type) {
      case 'paragraph':
        return this.inlines(node.content ?? []);
      case 'heading': {
        const level = Math.min(6, Math.max(2, Number(node.attrs?.level) || 2));
        return `${'#'.repeat(level)} ${this.inlines(node.content ?? [])}`;
      }
      case 'bulletList':
      case 'orderedList': {
        const start = Number.isInteger(node.attrs?.start) ? Number(node.attrs?.start) : 1;
        return (node.content ?? [])
          .map((item, i) => {
            const marker = node.type === 'bulletList' ? '- ' : `${start + i}. `;
            const body = this.blocks(item.content ?? []);
            return marker + body.split('\n').join(`\n${' '.repeat(marker.length)}`);
          })
          .join('\n');
      }
      case 'blockquote':
        return quote(this.blocks(node.content ?? []));
      case 'codeBlock': {
        const code = (node.content ?? []).map((c) => c.text ?? '').join('');
        const fence = code.includes('```') ? '~~~~' : '```';
        return `${fence}\n${code}\n${fence}`;
      }
      case 'horizontalRule':
        return '---';
      case 'table':
        return this.table(node);
      case 'image':
        return this.figure(node);
      case 'blockMath': {
        const latex = attrString(node, 'latex').trim();
        return latex ? `$$\n${latex}\n$$` : '';
      }
      default:
        return node.content ? this.blocks(node.content) : '';
    }
  }

  private table(node: PmNode): string {
    const rows = (node.content ?? []).filter((r) => r.type === 'tableRow');
    if (rows.length === 0) return '';
    const grid = rows.map((r) =>
      (r.content ?? [])
        .filter((c) => c.type === 'tableCell' || c.type === 'tableHeader')
        .flatMap((c) => {
          const text = (c.content ?? [])
            .map((b) => (b.type === 'paragraph' ? this.inlines(b.content ?? []) : this.block(b)))
            .join(' ')
            .replace(/\n+/g, ' ')
            .replace(/\|/g, '\\|');
          const span = boundedInt(c.attrs?.colspan, 50) ?? 1;
          return [text, ...Array(span - 1).fill('')];
        }),
    );
    const width = Math.max(...grid.map((r) => r.length));
    const line = (cells: string[]) => `| ${[...cells, ...Array(width - cells.length).fill('')].join(' | ')} |`;
    return [line(grid[0]), line(Array(width).fill('---')), ...grid.slice(1).map(line)].join('\n');
  }

  private figure(node: PmNode): string {
    const src = node.attrs?.src;
    if (!isHubFileSrc(src)) return '';
    const alt = attrString(node, 'alt')
      .replace(/[[\]\\]/g, '\\$&')
      .replace(/\s+/g, ' ');
    const caption = attrString(node, 'caption').trim();
    const credit = attrString(node, 'credit').trim();
    const lines = [`![${alt}](${this.origin}${src})`];
    const under = [caption ? `*${inline(caption)}*` : '', credit ? inline(credit) : ''].filter(Boolean).join(' — ');
    if (under) lines.push(under);
    return lines.join('\n');
  }

  private inlines(nodes: PmNode[]): string {
    return nodes.map((n) => this.inlineNode(n)).join('');
  }

  private inlineNode(node: PmNode): string {
    switch (node.type) {
      case 'text':
        return this.marked(node.text ?? '', node.marks ?? []);
      case 'hardBreak':
        return '  \n';
      case 'inlineMath': {
        const latex = attrString(node, 'latex').trim();
        return latex ? `$${latex.replace(/\$/g, '\\$')}$` : '';
      }
      case 'citation': {
        const n = this.numbers.get(attrString(node, 'ref'));
        return n === undefined ? '[?]' : `[${n}]`;
      }
      case 'mention':
        return inline(mentionText(node));
      case 'image':
        return this.figure(node);
      default:
        return this.inlines(node.content ?? []);
    }
  }

  private marked(text: string, marks: PmMark[]): string {
    const code = marks.some((m) => m.type === 'code');
    let out = code ? `\`${text.replace(/`/g, "'")}\`` : inline(text);
    for (const m of marks) {
      if (m.type === 'bold') out = `**${out}**`;
      else if (m.type === 'italic') out = `*${out}*`;
      else if (m.type === 'strike') out = `~~${out}~~`;
    }
    const link = marks.find((m) => m.type === 'link');
    const href = link?.attrs?.href;
    if (isSafeHref(href)) {
      const target = href.trim().startsWith('/') ? `${this.origin}${href.trim()}` : href.trim();
      out = `[${out}](<${target.replace(/[<>\s]/g, encodeURIComponent)}>)`;
    }
    return out;
  }
}
