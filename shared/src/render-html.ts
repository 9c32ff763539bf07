import { isSafeHref, type PmMark, type PmNode } from './editor-schema.js';

/**
 * ProseMirror JSON → HTML, with an allow-list: only the node and mark types of
 * the editor schema become tags, every text is escaped, links keep only
 * http(s) and mailto targets. Nothing from the document can become a script,
 * an event handler or a style: published HTML is safe without a parser.
 */
export function renderHtml(doc: PmNode): string {
  return (doc.content ?? []).map(renderNode).join('\n');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function renderChildren(node: PmNode): string {
  return (node.content ?? []).map(renderNode).join('');
}

function renderNode(node: PmNode): string {
  switch (node.type) {
    case 'text':
      return renderText(node.text ?? '', node.marks ?? []);
    case 'hardBreak':
      return '<br>';
    case 'paragraph':
      return `<p>${renderChildren(node)}</p>`;
    case 'heading': {
      const level = clampLevel(node.attrs?.level);
      return `<h${level}>${renderChildren(node)}</h${level}>`;
    }
    case 'bulletList':
      return `<ul>${renderChildren(node)}</ul>`;
    case 'orderedList': {
      const start = Number(node.attrs?.start);
      const startAttr = Number.isInteger(start) && start > 1 && start < 1e6 ? ` start="${start}"` : '';
      return `<ol${startAttr}>${renderChildren(node)}</ol>`;
    }
    case 'listItem':
      return `<li>${renderChildren(node)}</li>`;
    case 'blockquote':
      return `<blockquote>${renderChildren(node)}</blockquote>`;
    case 'codeBlock':
      return `<pre><code>${escapeHtml((node.content ?? []).map((c) => c.text ?? '').join(''))}</code></pre>`;
    case 'horizontalRule':
      return '<hr>';
    default:
      // Unknown node: keep its content, drop the node itself.
      return renderChildren(node);
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
      case 'link':
        if (isSafeHref(mark.attrs?.href)) html = `<a href="${escapeHtml(mark.attrs.href.trim())}" rel="nofollow noopener noreferrer">${html}</a>`;
        break;
    }
  }
  return html;
}
