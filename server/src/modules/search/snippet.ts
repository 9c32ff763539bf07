import { escapeHtml } from '@knowledge-hub/shared';
import { isCjk, latinWordSpans } from './search-text';

/** Characters of context shown before the first match, and the snippet's whole length (Latin text; CJK text is denser and gets half). */
const CONTEXT_BEFORE_CHARS = 60;
const SNIPPET_CHARS = 220;
/** How far a cut may move to land on a space instead of inside a word. */
const WORD_SNAP_CHARS = 15;

export interface SnippetTerms {
  /** Lower-cased words of the text that match the query (same stem as a query word). */
  matchingWords: ReadonlySet<string>;
  /** CJK strings of the query, matched as they are. */
  cjkRuns: readonly string[];
}

/**
 * A short piece of a plain text around its first match, HTML-escaped, with
 * every match in it wrapped in <mark>. The start of the text when nothing in
 * it matches (the entry matched by its title or summary).
 */
export function buildSnippet(text: string, terms: SnippetTerms): string {
  const ranges = matchRanges(text, terms);
  if (ranges.length === 0) {
    const length = isCjk(text.slice(0, 2)) ? SNIPPET_CHARS / 2 : SNIPPET_CHARS;
    return render(text, 0, cutEnd(text, 0, Math.min(text.length, length), 0), []);
  }
  const first = ranges[0];
  const density = isCjk(text.slice(first.start, first.start + 2)) ? 2 : 1;
  let start = Math.max(0, first.start - CONTEXT_BEFORE_CHARS / density);
  if (start > 0) start = snapForward(text, start, first.start);
  const end = cutEnd(text, start, Math.min(text.length, start + SNIPPET_CHARS / density), first.end);
  return render(text, start, end, ranges);
}

interface Range {
  start: number;
  end: number;
}

function matchRanges(text: string, terms: SnippetTerms): Range[] {
  const ranges: Range[] = [];
  if (terms.matchingWords.size > 0) {
    for (const span of latinWordSpans(text)) {
      if (terms.matchingWords.has(span.word.toLowerCase())) ranges.push({ start: span.start, end: span.start + span.word.length });
    }
  }
  for (const run of terms.cjkRuns) {
    for (let at = text.indexOf(run); at !== -1; at = text.indexOf(run, at + run.length)) ranges.push({ start: at, end: at + run.length });
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/** Moves a start forward to just after a space, if one is near and before the match. */
function snapForward(text: string, start: number, limit: number): number {
  for (let i = start; i < Math.min(limit, start + WORD_SNAP_CHARS); i++) if (/\s/.test(text[i])) return i + 1;
  return isLowSurrogate(text.charCodeAt(start)) ? start + 1 : start;
}

/** Moves an end back to a space if one is near (never before mustReach), and never splits a surrogate pair. */
function cutEnd(text: string, start: number, end: number, mustReach: number): number {
  if (end >= text.length) return text.length;
  for (let i = end; i > Math.max(start, mustReach, end - WORD_SNAP_CHARS); i--) if (/\s/.test(text[i])) return i;
  return isHighSurrogate(text.charCodeAt(end - 1)) ? end - 1 : end;
}

function render(text: string, start: number, end: number, ranges: Range[]): string {
  let html = start > 0 ? '… ' : '';
  let at = start;
  for (const r of ranges) {
    if (r.end <= at) continue;
    if (r.start >= end) break;
    const from = Math.max(r.start, at);
    const to = Math.min(r.end, end);
    html += `${plain(text.slice(at, from))}<mark>${plain(text.slice(from, to))}</mark>`;
    at = to;
  }
  html += plain(text.slice(at, end));
  return html.trim() + (end < text.length ? ' …' : '');
}

/** Escaped, with line breaks and runs of spaces shown as one space. */
function plain(s: string): string {
  return escapeHtml(s.replace(/\s+/g, ' '));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
