import { docReferences, topLevelBlocks, type PmNode } from './editor-schema.js';
import { referenceText } from './references.js';

/**
 * A readable diff of two documents, for moderators: block level first
 * (paragraphs, headings, lists added / removed / changed), then word level
 * inside changed blocks. Pure and deterministic, used by the server (the
 * review API) and the client (changes since the published revision).
 *
 * Tables, figures and formulas diff by their text (cells, alt + caption +
 * credit + file, LaTeX source). The references a revision carries follow the
 * body as blocks of type `reference` (title · authors · container · year ·
 * DOI, in id order, which does not move when citations move), so added and
 * removed references show like added and removed paragraphs.
 */
export type WordOp = { op: 'equal' | 'added' | 'removed'; text: string };

export type BlockDiff =
  | { op: 'equal'; type: string; text: string }
  | { op: 'added'; type: string; text: string }
  | { op: 'removed'; type: string; text: string }
  | { op: 'changed'; type: string; words: WordOp[] };

export interface DocumentDiff {
  blocks: BlockDiff[];
  added: number;
  removed: number;
  changed: number;
}

/** Blocks whose words overlap at least this much are shown as one changed block. */
const CHANGED_SIMILARITY = 0.4;
const MAX_LCS_CELLS = 4_000_000;

export function diffDocuments(before: PmNode | null, after: PmNode): DocumentDiff {
  const a = before ? diffBlocks(before) : [];
  const b = diffBlocks(after);
  const ops = lcsOps(
    a.map((x) => `${x.type}\u0000${x.text}`),
    b.map((x) => `${x.type}\u0000${x.text}`),
  );
  const blocks: BlockDiff[] = [];
  let removedRun: { type: string; text: string }[] = [];
  let addedRun: { type: string; text: string }[] = [];
  const flush = () => {
    // Pair removed and added blocks of a run in order; similar pairs become "changed".
    const n = Math.max(removedRun.length, addedRun.length);
    for (let i = 0; i < n; i++) {
      const r = removedRun[i];
      const ad = addedRun[i];
      if (r && ad && similarity(r.text, ad.text) >= CHANGED_SIMILARITY) {
        blocks.push({ op: 'changed', type: ad.type, words: diffWords(r.text, ad.text) });
      } else {
        if (r) blocks.push({ op: 'removed', type: r.type, text: r.text });
        if (ad) blocks.push({ op: 'added', type: ad.type, text: ad.text });
      }
    }
    removedRun = [];
    addedRun = [];
  };
  let ia = 0;
  let ib = 0;
  for (const op of ops) {
    if (op === 'equal') {
      flush();
      blocks.push({ op: 'equal', type: b[ib].type, text: b[ib].text });
      ia++;
      ib++;
    } else if (op === 'removed') removedRun.push(a[ia++]);
    else addedRun.push(b[ib++]);
  }
  flush();
  return {
    blocks,
    added: blocks.filter((x) => x.op === 'added').length,
    removed: blocks.filter((x) => x.op === 'removed').length,
    changed: blocks.filter((x) => x.op === 'changed').length,
  };
}

/** The blocks the diff compares: the body's top-level blocks, then one `reference` block per reference. */
export function diffBlocks(doc: PmNode): { type: string; text: string }[] {
  const references = docReferences(doc);
  const refs = [...references.values()].map((item) => ({ type: 'reference', text: referenceText(item) })).filter((b) => b.text.length > 0);
  return [...topLevelBlocks(doc, { references }), ...refs];
}

/** Word-level diff; Chinese, Japanese and Korean characters count as one word each. */
export function diffWords(before: string, after: string): WordOp[] {
  const a = tokenize(before);
  const b = tokenize(after);
  const ops = lcsOps(a, b);
  const out: WordOp[] = [];
  let ia = 0;
  let ib = 0;
  const push = (op: WordOp['op'], text: string) => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  for (const op of ops) {
    if (op === 'equal') {
      push('equal', b[ib++]);
      ia++;
    } else if (op === 'removed') push('removed', a[ia++]);
    else push('added', b[ib++]);
  }
  return out;
}

const TOKEN = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\s\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+|\s+/g;

function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function similarity(a: string, b: string): number {
  const wa = tokenize(a).filter((t) => t.trim());
  const wb = tokenize(b).filter((t) => t.trim());
  if (wa.length === 0 && wb.length === 0) return 1;
  const common = lcsLength(wa, wb);
  return (2 * common) / (wa.length + wb.length);
}

type Op = 'equal' | 'added' | 'removed';

/** Longest-common-subsequence edit script; falls back to replace-all beyond MAX_LCS_CELLS. */
function lcsOps(a: string[], b: string[]): Op[] {
  // Trim the common prefix and suffix: most edits touch a small part of a large document.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const prefix: Op[] = Array(start).fill('equal');
  const suffix: Op[] = Array(a.length - endA).fill('equal');
  const ma = a.slice(start, endA);
  const mb = b.slice(start, endB);
  const n = ma.length;
  const m = mb.length;
  if (n * m > MAX_LCS_CELLS) return [...prefix, ...Array(n).fill('removed'), ...Array(m).fill('added'), ...suffix];
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] = ma[i] === mb[j] ? table[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (ma[i] === mb[j]) {
      ops.push('equal');
      i++;
      j++;
    } else if (table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1]) {
      ops.push('removed');
      i++;
    } else {
      ops.push('added');
      j++;
    }
  }
  while (i++ < n) ops.push('removed');
  while (j++ < m) ops.push('added');
  return [...prefix, ...ops, ...suffix];
}

function lcsLength(a: string[], b: string[]): number {
  if (a.length * b.length > MAX_LCS_CELLS) return 0;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
