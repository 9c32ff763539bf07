import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';
import { asCslItem, type CslItem, MAX_PARSED_REFERENCES } from '@knowledge-hub/shared';

/**
 * citation-js, offline: BibTeX, RIS and CSL-JSON records in, CSL-JSON items
 * out; Vancouver (its bundled CSL style) for reference lists; BibTeX, RIS and
 * CSL-JSON out for "Cite this entry".
 *
 * citation-js can fetch: its `@else/url` input type downloads any URL it is
 * given (synchronously). That type is removed here, and every record is
 * parsed with the input type named (forceType), so nothing it parses can make
 * it go to the network. DOIs are never given to it: the references service
 * resolves them itself, through DOI_RESOLVER_URL only.
 */
plugins.input.remove('@else/url');

export type RecordFormat = 'bibtex' | 'ris' | 'csl-json';

const FORCE_TYPE: Record<Exclude<RecordFormat, 'csl-json'>, string> = { bibtex: '@biblatex/text', ris: '@ris/file' };

/** The format of a pasted record, by its look; null: not a record we read. */
export function recordFormat(input: string): RecordFormat | null {
  const s = input.trim();
  if (s.startsWith('{') || s.startsWith('[')) return 'csl-json';
  if (/^\s*@[A-Za-z]+\s*[{(]/m.test(s)) return 'bibtex';
  if (/^TY {2}- /m.test(s)) return 'ris';
  return null;
}

/** The CSL items of a record (ids and citation-js' bookkeeping removed); empty when it holds none. Throws on syntax errors. */
export function parseRecords(input: string, format: RecordFormat): CslItem[] {
  let raw: unknown[];
  if (format === 'csl-json') {
    const json: unknown = JSON.parse(input);
    raw = Array.isArray(json) ? json : [json];
  } else {
    raw = new Cite(input, { forceType: FORCE_TYPE[format] }).data as unknown[];
  }
  return raw
    .slice(0, MAX_PARSED_REFERENCES)
    .map(asCslItem)
    .filter((item): item is CslItem => item !== null)
    .map(({ id: _id, 'citation-key': _key, ...item }) => item as CslItem)
    .filter((item) => Boolean(item.title || item.DOI || item.URL));
}

const CSL_OPTIONS = { format: 'text', template: 'vancouver', lang: 'en-US', asEntryArray: true } as const;

/** Vancouver lines for the items, in their order ("Doe J, Roe R. Title. Journal. 2020;3:1–5."), without the list numbers. */
export function formatBibliography(items: CslItem[]): string[] {
  if (items.length === 0) return [];
  const withIds = items.map((item, i) => ({ ...item, id: `r${i}` }));
  const entries = new Cite(withIds, { forceType: '@csl/list+object' }).format('bibliography', CSL_OPTIONS) as unknown as [string, string][];
  const byId = new Map(entries.map(([id, text]) => [id, text.replace(/^\s*\d+\.\s*/, '').trim()]));
  return withIds.map((item) => byId.get(item.id) ?? '');
}

/** One item as BibTeX, RIS or CSL-JSON (the entry's "Cite this entry" downloads). */
export function exportItem(item: CslItem & { id: string }, format: 'bibtex' | 'ris'): string {
  return new Cite([item], { forceType: '@csl/list+object' }).format(format, { format: 'text' }) as string;
}
