/**
 * How text becomes searchable, on Postgres alone (real or embedded), for
 * English and Chinese alike.
 *
 * Text is split once, the same way for documents and queries:
 * - runs of CJK characters (Han, kana, Hangul) are cut into overlapping
 *   character bigrams ("新冠病毒" → 新冠 冠病 病毒) plus the run's last character
 *   as a unigram, so a one-character query finds every occurrence;
 * - everything else is split into words of letters and digits, which Postgres
 *   stems with the 'english' configuration (or 'simple' where it is missing).
 *
 * The CJK part is handed to Postgres as a tsvector / tsquery *literal* built
 * here, never through a text-search parser, so the result does not depend on
 * the server's locale. The Latin part reaches Postgres only as already
 * tokenized words through plainto_tsquery / to_tsvector parameters: nothing a
 * user types is ever read as tsquery syntax.
 */

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
/** Letters (with their combining marks) and digits that are not CJK. */
const WORD = /(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}\p{M}])+/gu;

/** Postgres clamps positions to this; we do too, so the literal is always valid. */
const MAX_TSVECTOR_POSITION = 16_383;
/** Postgres keeps at most this many positions per lexeme. */
const MAX_POSITIONS_PER_LEXEME = 256;
/** Longer words are not indexed (Postgres refuses lexemes over 2 KB; real words are far shorter). */
const MAX_WORD_CHARS = 100;
/** A query is cut to this many Latin words and CJK runs: enough for any real question, bounded cost. */
export const MAX_QUERY_TERMS = 16;

/** Whether the text holds a CJK character. */
export function isCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

/** The Latin (non-CJK) words of a text, in order. */
export function latinWords(text: string): string[] {
  return (text.match(WORD) ?? []).filter((w) => w.length <= MAX_WORD_CHARS);
}

/** The Latin words of a text with where each starts (for highlighting). */
export function latinWordSpans(text: string): { word: string; start: number }[] {
  return [...text.matchAll(WORD)].map((m) => ({ word: m[0], start: m.index }));
}

/** The runs of CJK characters of a text, in order. */
export function cjkRuns(text: string): string[] {
  return text.match(CJK_RUN) ?? [];
}

/** Bigrams of one run plus its last character; a one-character run is its own token. */
export function cjkTokens(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const tokens: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
  tokens.push(chars[chars.length - 1]);
  return tokens;
}

/** A tsvector literal of the CJK tokens of a text, with positions (runs one position apart, so no phrase spans two runs). */
export function cjkTsvectorLiteral(text: string): string {
  const positions = new Map<string, number[]>();
  let position = 0;
  for (const run of cjkRuns(text)) {
    position++; // the gap between runs
    for (const token of cjkTokens(run)) {
      position++;
      const list = positions.get(token) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(Math.min(position, MAX_TSVECTOR_POSITION));
      positions.set(token, list);
    }
  }
  return [...positions].map(([token, list]) => `${quoteLexeme(token)}:${[...new Set(list)].join(',')}`).join(' ');
}

/** What a user typed, split the same way as documents. */
export interface ParsedQuery {
  latinWords: string[];
  cjkRuns: string[];
}

export function parseQuery(q: string): ParsedQuery {
  const words = latinWords(q).map((w) => w.toLowerCase());
  const runs = cjkRuns(q);
  return { latinWords: [...new Set(words)].slice(0, MAX_QUERY_TERMS), cjkRuns: [...new Set(runs)].slice(0, MAX_QUERY_TERMS) };
}

export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.latinWords.length === 0 && q.cjkRuns.length === 0;
}

/**
 * The CJK part of a query as a tsquery literal, or null: a one-character run
 * matches tokens starting with it (prefix), two characters are one bigram,
 * longer runs are their bigrams chained with <-> (followed by). Runs are ANDed.
 */
export function cjkTsqueryLiteral(runs: string[]): string | null {
  const clauses = runs.map((run) => {
    const chars = Array.from(run);
    if (chars.length === 1) return `${quoteLexeme(chars[0])}:*`;
    const bigrams: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) bigrams.push(quoteLexeme(chars[i] + chars[i + 1]));
    return bigrams.length === 1 ? bigrams[0] : `(${bigrams.join(' <-> ')})`;
  });
  return clauses.length > 0 ? clauses.join(' & ') : null;
}

/** A lexeme quoted for tsvector / tsquery input: quotes and backslashes escaped. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
