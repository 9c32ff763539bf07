/**
 * References (issue 11): CSL-JSON items as the entry document holds them in
 * its top-level `references` map (id → item, see DOC_REFERENCES in
 * editor-schema.ts) and as a frozen revision keeps them (the PM doc's
 * `attrs.references`). Items come from any member's client, so everything
 * here reads them defensively: only plain objects, bounded sizes, strings
 * where strings are expected. No dependency and no yjs (see entry-doc.ts).
 */

/** A CSL name (author, editor). */
export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

/** A CSL date: `date-parts` [[year, month?, day?]], or a free `literal`/`raw`. */
export interface CslDate {
  'date-parts'?: (number | string)[][];
  literal?: string;
  raw?: string;
}

/** A CSL-JSON item (the fields this hub reads; any other CSL field is kept as is). */
export interface CslItem {
  id?: string;
  type?: string;
  title?: string;
  author?: CslName[];
  editor?: CslName[];
  'container-title'?: string;
  publisher?: string;
  volume?: string | number;
  issue?: string | number;
  page?: string;
  issued?: CslDate;
  DOI?: string;
  PMID?: string;
  URL?: string;
  [field: string]: unknown;
}

/** References by id. A Map, so that ids such as `__proto__` are plain keys. */
export type References = Map<string, CslItem>;

/** Most references one document may carry (more are ignored, in id order). */
export const MAX_REFERENCES = 1_000;
/** Largest CSL item (as JSON) a document may carry; larger ones are ignored. */
export const MAX_CSL_ITEM_BYTES = 16_384;
/** Longest reference id. */
export const MAX_REFERENCE_ID_CHARS = 128;
/** Largest input of POST /api/references/parse (one or a few records). */
export const MAX_REFERENCE_INPUT_CHARS = 100_000;
/** Most items one parse returns. */
export const MAX_PARSED_REFERENCES = 200;

/** A DOI: `10.<registrant>/<suffix>`, no white space. */
const DOI = /^10\.\d{4,9}\/\S{1,240}$/;

/** The DOI in `input` (bare, `doi:…`, or an https://doi.org/ or dx.doi.org URL), or null. */
export function parseDoi(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  let s = input.trim();
  s = s.replace(/^doi:\s*/i, '').replace(/^https?:\/\/(dx\.)?doi\.org\//i, '');
  try {
    if (/%[0-9a-f]{2}/i.test(s)) s = decodeURIComponent(s);
  } catch {
    return null;
  }
  return DOI.test(s) ? s : null;
}

/** `https://doi.org/<doi>`, each path segment encoded. */
export function doiUrl(doi: string): string {
  return `https://doi.org/${doi.split('/').map(encodeURIComponent).join('/')}`;
}

/** A plain JSON object (not an array, not a class instance). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The CSL item in `value` if it is one we keep: a plain object no larger than
 * MAX_CSL_ITEM_BYTES as JSON, whose well-known fields have their CSL types
 * (a field of the wrong type is dropped). Returns a fresh copy.
 */
export function asCslItem(value: unknown): CslItem | null {
  if (!isPlainObject(value)) return null;
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return null;
  }
  if (json === undefined || json.length > MAX_CSL_ITEM_BYTES) return null;
  const copy = JSON.parse(json) as Record<string, unknown>;
  const item: CslItem = {};
  for (const [key, v] of Object.entries(copy)) {
    if (key === '__proto__' || key === 'constructor' || key.startsWith('_')) continue;
    if (STRING_FIELDS.has(key)) {
      if (typeof v === 'string') item[key] = v;
      else if (typeof v === 'number' && Number.isFinite(v)) item[key] = String(v);
    } else if (NAME_FIELDS.has(key)) {
      if (Array.isArray(v))
        item[key] = v
          .filter(isPlainObject)
          .map(asName)
          .filter((n): n is CslName => n !== null);
    } else if (DATE_FIELDS.has(key)) {
      const d = asDate(v);
      if (d) item[key] = d;
    } else {
      item[key] = v;
    }
  }
  return item;
}

const STRING_FIELDS = new Set([
  'id',
  'type',
  'title',
  'container-title',
  'publisher',
  'volume',
  'issue',
  'page',
  'DOI',
  'PMID',
  'URL',
  'ISSN',
  'ISBN',
  'language',
]);
const NAME_FIELDS = new Set(['author', 'editor']);
const DATE_FIELDS = new Set(['issued', 'accessed']);

function asName(n: Record<string, unknown>): CslName | null {
  const out: CslName = {};
  for (const k of ['family', 'given', 'literal'] as const) if (typeof n[k] === 'string' && n[k]) out[k] = n[k];
  return Object.keys(out).length > 0 ? out : null;
}

function asDate(v: unknown): CslDate | null {
  if (!isPlainObject(v)) return null;
  const out: CslDate = {};
  const parts = v['date-parts'];
  if (Array.isArray(parts) && parts.every((p) => Array.isArray(p) && p.every((x) => typeof x === 'number' || typeof x === 'string'))) {
    out['date-parts'] = parts as (number | string)[][];
  }
  if (typeof v.literal === 'string') out.literal = v.literal;
  if (typeof v.raw === 'string') out.raw = v.raw;
  return Object.keys(out).length > 0 ? out : null;
}

/** What we read of a references map: a Y.Map has it, and so has a JS Map. */
export interface ReferencesMapLike {
  forEach(fn: (value: unknown, key: string) => void): void;
}

/**
 * The references of a map (Y.Map "references" or a Map), validated: items that
 * are not CSL items, ids that are too long or empty, and anything beyond
 * MAX_REFERENCES (in id order) are left out. Each item's `id` is its key.
 */
export function referencesFrom(map: ReferencesMapLike | null | undefined): References {
  const entries: [string, CslItem][] = [];
  map?.forEach((value, key) => {
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_REFERENCE_ID_CHARS) return;
    const item = asCslItem(value);
    if (item) entries.push([key, { ...item, id: key }]);
  });
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(entries.slice(0, MAX_REFERENCES));
}

/** The references as a plain JSON object (id → item), keys sorted: what a revision freezes. */
export function referencesToJson(refs: References): Record<string, CslItem> {
  const out: Record<string, CslItem> = Object.create(null);
  for (const [id, item] of refs) out[id] = item;
  return out;
}

/** The references a frozen JSON object holds (see referencesToJson). */
export function referencesFromJson(json: unknown): References {
  if (!isPlainObject(json)) return new Map();
  return referencesFrom({
    forEach: (fn) => {
      for (const k of Object.keys(json)) fn(json[k], k);
    },
  });
}

/** One-line names: "Doe J, Roe R" (Vancouver-like), "et al." after six. */
export function formatNames(names: CslName[] | undefined, max = 6): string {
  if (!names || names.length === 0) return '';
  const one = (n: CslName) => {
    if (n.literal) return n.literal;
    const initials = (n.given ?? '')
      .split(/[\s.-]+/)
      .filter(Boolean)
      .map((g) => g[0].toUpperCase())
      .join('');
    return [n.family, initials].filter(Boolean).join(' ');
  };
  const shown = names.slice(0, max).map(one).filter(Boolean);
  return names.length > max ? `${shown.join(', ')}, et al.` : shown.join(', ');
}

/** The year of a CSL date, or ''. */
export function issuedYear(item: CslItem): string {
  const y = item.issued?.['date-parts']?.[0]?.[0];
  if (typeof y === 'number' || (typeof y === 'string' && /^\d{1,4}$/.test(y))) return String(y);
  const m = /\b(\d{4})\b/.exec(item.issued?.literal ?? item.issued?.raw ?? '');
  return m ? m[1] : '';
}

/** Vancouver-like plain text without the DOI (the renderer links it): the fallback when no CSL formatter is injected. */
export function formatReferenceText(item: CslItem): string {
  const sentence = (s: string) => (s ? `${s.trim().replace(/[.。]+$/u, '')}.` : '');
  const parts: string[] = [];
  const names = formatNames(item.author);
  if (names) parts.push(sentence(names));
  if (item.title) parts.push(sentence(item.title));
  let source = item['container-title'] ?? item.publisher ?? '';
  const year = issuedYear(item);
  if (year) source = source ? `${source}. ${year}` : year;
  if (item.volume) source += `;${item.volume}`;
  if (item.issue) source += `(${item.issue})`;
  if (item.page) source += `:${item.page}`;
  if (source) parts.push(sentence(source));
  return parts.join(' ') || item.DOI || item.URL || '';
}

/** A short label for a citation in plain text (diff, search): "Doe 2020", else the title's start, else the DOI. */
export function citationLabel(item: CslItem): string {
  const first = item.author?.[0];
  const who = first ? (first.family ?? first.literal ?? '') : '';
  const year = issuedYear(item);
  const label = [who, year].filter(Boolean).join(' ');
  if (label) return label;
  if (item.title) return item.title.length > 40 ? `${item.title.slice(0, 39)}…` : item.title;
  return item.DOI ?? '?';
}

/** A reference as searchable / diffable text: title, authors, container, year, DOI. */
export function referenceText(item: CslItem): string {
  return [item.title, formatNames(item.author, 100), item['container-title'], issuedYear(item), item.DOI ? `doi:${item.DOI}` : '']
    .filter((s) => typeof s === 'string' && s.length > 0)
    .join(' · ');
}
