import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import katex from 'katex';
import { escapeHtml } from '@knowledge-hub/shared';

/**
 * Formulas on the server (issue 11): KaTeX's HTML (and MathML for screen
 * readers), rendered once when a revision is frozen, and its stylesheet and
 * fonts served from the hub.
 *
 * KaTeX sizes its boxes with inline `style` attributes, which the public
 * pages' CSP (style-src 'self', no 'unsafe-inline') does not apply. So a
 * public page moves them into a stylesheet of its own: extractInlineStyles
 * turns each distinct `style="…"` into a class `ks-<hash>` and the rules into
 * `/e/<slug>/math.css` (linked with ?v=<hash>). Only KaTeX writes `style=`
 * into a revision's HTML (the renderer escapes every quote of the document),
 * and each declaration is checked again before it becomes CSS.
 */

/** Never throws: invalid LaTeX comes back as its source marked as an error (KaTeX's `katex-error`). */
export function renderMath(latex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(latex, {
      displayMode,
      throwOnError: false,
      trust: false,
      strict: 'ignore',
      output: 'htmlAndMathml',
      maxSize: 50,
      maxExpand: 1_000,
    });
  } catch {
    return `<code class="math math-error">${escapeHtml(latex)}</code>`;
  }
}

/** True when a revision's HTML holds KaTeX output (the page then links KaTeX's stylesheet). */
export function hasMath(html: string): boolean {
  return html.includes('class="katex');
}

const STYLE_ATTR = / style="([^"]*)"/g;
const DECLARATION = /^([a-z-]{1,40})\s*:\s*([-#.%a-zA-Z0-9 ,()]{1,200})$/;

/** The same HTML with KaTeX's style attributes as classes, and the stylesheet of those classes ('' when there were none). */
export function extractInlineStyles(html: string): { html: string; css: string } {
  const rules = new Map<string, string>();
  const out = html.replace(STYLE_ATTR, (_, raw: string) => {
    const declarations = unescapeAttr(raw)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => DECLARATION.exec(d))
      .filter((m): m is RegExpExecArray => m !== null && !/url|expression|image/i.test(m[2]))
      .map((m) => `${m[1]}:${m[2].trim()} !important`);
    if (declarations.length === 0) return '';
    const body = declarations.join(';');
    const name = `ks-${createHash('sha1').update(body).digest('base64url').slice(0, 10)}`;
    rules.set(name, body);
    return ` data-ks="${name}"`;
  });
  if (rules.size === 0) return { html, css: '' };
  // A class is added to the element's class list; `data-ks` marks where (an element may have no class attribute).
  const withClasses = out.replace(/<([a-z]+)([^<>]*?) data-ks="(ks-[A-Za-z0-9_-]+)"/g, (_, tag: string, attrs: string, name: string) => {
    if (/ class="/.test(attrs)) return `<${tag}${attrs.replace(/ class="([^"]*)"/, ` class="$1 ${name}"`)}`;
    return `<${tag}${attrs} class="${name}"`;
  });
  const css = [...rules].map(([name, body]) => `.${name}{${body}}`).join('\n');
  return { html: withClasses, css };
}

function unescapeAttr(value: string): string {
  return value.replace(/&(quot|#39|#x27|amp|lt|gt);/g, (_, e: string) => ({ quot: '"', '#39': "'", '#x27': "'", amp: '&', lt: '<', gt: '>' })[e] ?? '');
}

/** A short hash of some CSS: the ?v= of its link. */
export function cssVersion(css: string): string {
  return createHash('sha256').update(css).digest('hex').slice(0, 12);
}

/** KaTeX's package directory (its stylesheet and fonts are served from the hub). */
const KATEX_DIST = path.join(path.dirname(require.resolve('katex/package.json')), 'dist');
export const KATEX_VERSION: string = JSON.parse(readFileSync(path.join(path.dirname(KATEX_DIST), 'package.json'), 'utf8')).version;

/** KaTeX's stylesheet with its font URLs versioned (fonts are cached for a year). */
export const KATEX_CSS: string = readFileSync(path.join(KATEX_DIST, 'katex.min.css'), 'utf8').replace(
  /url\(fonts\/([A-Za-z0-9_.-]+)\)/g,
  (_, file: string) => `url(fonts/${file}?v=${KATEX_VERSION})`,
);

const FONT_TYPES: Record<string, string> = { woff2: 'font/woff2', woff: 'font/woff', ttf: 'font/ttf' };

/** KaTeX's fonts by file name, loaded on first use. */
let fonts: Map<string, { type: string; bytes: Buffer; etag: string }> | null = null;

export function katexFont(name: string): { type: string; bytes: Buffer; etag: string } | null {
  if (!fonts) {
    fonts = new Map();
    const dir = path.join(KATEX_DIST, 'fonts');
    for (const file of readdirSync(dir)) {
      const type = FONT_TYPES[file.split('.').pop() ?? ''];
      if (!type || !/^KaTeX_[A-Za-z0-9_-]+\.(woff2|woff|ttf)$/.test(file)) continue;
      const bytes = readFileSync(path.join(dir, file));
      fonts.set(file, { type, bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` });
    }
  }
  return fonts.get(name) ?? null;
}
