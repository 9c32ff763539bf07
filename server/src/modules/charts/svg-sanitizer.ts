import { escapeHtml } from '@knowledge-hub/shared';

/**
 * Re-writes an SVG document through an allow-list, for inline use in public
 * pages (CSP `default-src 'none'; style-src 'self'`, no script).
 *
 * The input is ECharts' SSR output; it is parsed (a strict tokenizer for the
 * subset of XML ECharts writes: elements, double-quoted attributes, escaped
 * text, CDATA and comments) and serialised again from scratch, so nothing the
 * allow-list does not name survives:
 * - elements: shapes, text, groups, clip paths and gradients; anything else
 *   (script, style, foreignObject, image, a, use, …) is dropped with its subtree;
 * - attributes: geometry and presentation attributes only (no `on…`, no
 *   `href`, no `class`, no `style`); a `style` attribute's allowed declarations
 *   become presentation attributes, since the CSP ignores inline styles;
 * - values: no backslash (CSS escapes), no `url(` except `url(#id)` naming an
 *   element of the same SVG, no `javascript:`/`data:`; ids are prefixed so that
 *   two charts on a page never share one.
 * Text is decoded and escaped again. Anything that does not parse throws
 * SvgSanitizeError: a chart is then not shown, never shown unsafely.
 */

export class SvgSanitizeError extends Error {}

const ELEMENTS = new Set([
  'svg',
  'g',
  'rect',
  'path',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'defs',
  'clipPath',
  'linearGradient',
  'radialGradient',
  'stop',
  'title',
  'desc',
]);

const ATTRIBUTES = new Set([
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'width',
  'height',
  'd',
  'points',
  'transform',
  'viewBox',
  'offset',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'alignment-baseline',
  'paint-order',
  'visibility',
  'display',
  'clip-path',
  'clip-rule',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
  'clipPathUnits',
  'preserveAspectRatio',
  'xml:space',
  'id',
]);

/** Declarations of a `style` attribute that become presentation attributes. */
const STYLE_PROPERTIES = new Set(['font-size', 'font-family', 'font-weight', 'font-style', 'fill', 'fill-opacity', 'stroke', 'stroke-width', 'opacity']);

const MAX_VALUE_CHARS = 100_000;
const LOCAL_URL = /^url\(\s*#([A-Za-z0-9_-]{1,100})\s*\)$/;

export interface SanitizeOptions {
  /** Prefix for every id (and each `url(#id)`), unique per chart on a page: letters, digits, `-`. */
  idPrefix: string;
  /** Attributes of the root `<svg>` (replacing the input's): already-checked names, values escaped here. */
  rootAttributes: Record<string, string>;
}

interface Token {
  kind: 'open' | 'close' | 'text';
  name?: string;
  attrs?: [string, string][];
  selfClosing?: boolean;
  text?: string;
}

export function sanitizeSvg(svg: string, options: SanitizeOptions): string {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,40}$/.test(options.idPrefix)) throw new SvgSanitizeError('bad id prefix');
  const tokens = tokenize(svg);
  // Ids are renumbered in document order: the same chart always reads the same.
  const ids = new Map<string, string>();
  for (const t of tokens) {
    for (const [name, value] of t.attrs ?? []) if (name === 'id' && !ids.has(value)) ids.set(value, `${options.idPrefix}-${ids.size}`);
  }

  let out = '';
  const stack: string[] = [];
  let skipDepth = 0;
  let sawRoot = false;
  for (const t of tokens) {
    if (t.kind === 'text') {
      if (skipDepth === 0 && stack.length > 0) out += escapeHtml(decodeEntities(t.text!));
      continue;
    }
    if (t.kind === 'close') {
      const open = stack.pop();
      if (open !== t.name) throw new SvgSanitizeError(`</${t.name}> closes <${open ?? 'nothing'}>`);
      if (skipDepth > 0) skipDepth--;
      else out += `</${t.name}>`;
      continue;
    }
    const name = t.name!;
    if (stack.length === 0) {
      if (name !== 'svg' || sawRoot) throw new SvgSanitizeError('not one <svg> document');
      sawRoot = true;
    }
    if (!t.selfClosing) stack.push(name);
    if (skipDepth > 0 || !ELEMENTS.has(name)) {
      if (!t.selfClosing) skipDepth++;
      continue;
    }
    const attrs = stack.length === 1 && name === 'svg' && !t.selfClosing ? rootAttributes(options) : elementAttributes(t.attrs!, ids);
    out += `<${name}${attrs}${t.selfClosing ? '/>' : '>'}`;
  }
  if (stack.length > 0) throw new SvgSanitizeError(`<${stack[stack.length - 1]}> is not closed`);
  if (!sawRoot) throw new SvgSanitizeError('no <svg>');
  return out;
}

function rootAttributes(options: SanitizeOptions): string {
  let out = ' xmlns="http://www.w3.org/2000/svg"';
  for (const [name, value] of Object.entries(options.rootAttributes)) {
    if (!/^[a-zA-Z][a-zA-Z-]{0,40}$/.test(name) || /^on/i.test(name) || /href/i.test(name)) throw new SvgSanitizeError(`root attribute ${name}`);
    out += ` ${name}="${escapeHtml(value)}"`;
  }
  return out;
}

function elementAttributes(attrs: [string, string][], ids: Map<string, string>): string {
  const kept = new Map<string, string>();
  const fromStyle = new Map<string, string>();
  for (const [name, raw] of attrs) {
    const value = decodeEntities(raw);
    if (name === 'style') {
      for (const declaration of value.split(';')) {
        const colon = declaration.indexOf(':');
        if (colon < 0) continue;
        const prop = declaration.slice(0, colon).trim().toLowerCase();
        const v = declaration.slice(colon + 1).trim();
        if (STYLE_PROPERTIES.has(prop)) fromStyle.set(prop, v);
      }
      continue;
    }
    if (ATTRIBUTES.has(name)) kept.set(name, value);
  }
  // An attribute wins over the same property in `style` only when it was set; CSS would let style win, so style wins.
  for (const [prop, v] of fromStyle) kept.set(prop, v);
  let out = '';
  for (const [name, value] of kept) {
    const safe = safeValue(name, value, ids);
    if (safe !== null) out += ` ${name}="${escapeHtml(safe)}"`;
  }
  return out;
}

/** The value to write, or null to drop the attribute. */
function safeValue(name: string, value: string, ids: Map<string, string>): string | null {
  if (value.length > MAX_VALUE_CHARS || value.includes('\\') || /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(value)) return null;
  if (name === 'id') return ids.get(value) ?? null;
  if (/url\s*\(/i.test(value)) {
    const local = LOCAL_URL.exec(value.trim());
    const id = local ? ids.get(local[1]) : undefined;
    return id ? `url(#${id})` : null;
  }
  if (/(javascript|vbscript|data)\s*:|expression\s*\(|@import/i.test(value)) return null;
  return value;
}

const OPEN_TAG = /^<([A-Za-z][A-Za-z0-9:_-]{0,60})((?:\s+[A-Za-z_:][A-Za-z0-9:_.-]{0,60}\s*=\s*"[^"<]*")*)\s*(\/?)>/;
const ATTRIBUTE = /([A-Za-z_:][A-Za-z0-9:_.-]{0,60})\s*=\s*"([^"<]*)"/g;
const CLOSE_TAG = /^<\/([A-Za-z][A-Za-z0-9:_-]{0,60})\s*>/;

function tokenize(svg: string): Token[] {
  const tokens: Token[] = [];
  let i = svg.startsWith('<?xml') ? svg.indexOf('?>') + 2 : 0;
  if (i === 1) throw new SvgSanitizeError('unterminated XML declaration');
  while (i < svg.length) {
    const lt = svg.indexOf('<', i);
    if (lt < 0) {
      tokens.push({ kind: 'text', text: svg.slice(i) });
      break;
    }
    if (lt > i) tokens.push({ kind: 'text', text: svg.slice(i, lt) });
    const rest = svg.slice(lt, lt + 200_000);
    if (rest.startsWith('<!--')) {
      const end = svg.indexOf('-->', lt + 4);
      if (end < 0) throw new SvgSanitizeError('unterminated comment');
      i = end + 3;
      continue;
    }
    if (rest.startsWith('<![CDATA[')) {
      const end = svg.indexOf(']]>', lt + 9);
      if (end < 0) throw new SvgSanitizeError('unterminated CDATA');
      // CDATA only ever holds ECharts' hover stylesheet, inside <style>: dropped with it.
      i = end + 3;
      continue;
    }
    const close = CLOSE_TAG.exec(rest);
    if (close) {
      tokens.push({ kind: 'close', name: close[1] });
      i = lt + close[0].length;
      continue;
    }
    const open = OPEN_TAG.exec(rest);
    if (!open) throw new SvgSanitizeError(`unreadable markup at ${lt}`);
    const attrs: [string, string][] = [];
    for (const m of open[2].matchAll(ATTRIBUTE)) attrs.push([m[1], m[2]]);
    tokens.push({ kind: 'open', name: open[1], attrs, selfClosing: open[3] === '/' });
    i = lt + open[0].length;
  }
  return tokens;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return NAMED[body] ?? whole;
  });
}
