import type { BlockAnchor, CommentThreadDto } from '@knowledge-hub/shared';
import { MAX_QUOTE_CHARS } from '@knowledge-hub/shared';

/**
 * Anchors on a frozen revision's rendered HTML: the top-level block the
 * selection starts in (its index among the article's children) and text
 * offsets within that block's text. A selection running into later blocks
 * is cut at the end of the first.
 */
export function blockAnchorOfSelection(article: HTMLElement, selection: Selection | null): BlockAnchor | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!article.contains(range.startContainer)) return null;
  const blocks = Array.from(article.children);
  const block = blocks.findIndex((b) => b.contains(range.startContainer));
  if (block < 0) return null;
  const element = blocks[block];
  const before = document.createRange();
  before.selectNodeContents(element);
  before.setEnd(range.startContainer, range.startOffset);
  const from = before.toString().length;
  const length = (element.textContent ?? '').length;
  let to = length;
  if (element.contains(range.endContainer)) {
    const upToEnd = document.createRange();
    upToEnd.selectNodeContents(element);
    upToEnd.setEnd(range.endContainer, range.endOffset);
    to = upToEnd.toString().length;
  }
  if (to <= from) return null;
  const quote = (element.textContent ?? '').slice(from, to).slice(0, MAX_QUOTE_CHARS);
  return { kind: 'block', block, from, to, quote };
}

/**
 * The open threads of a revision as a note for "request changes": each quote
 * with its comments, in the order of the text.
 */
export function gatherIntoNote(threads: CommentThreadDto[]): string {
  const open = threads.filter((t) => !t.resolved && t.anchor.kind === 'block');
  open.sort((a, b) => {
    const x = a.anchor as BlockAnchor;
    const y = b.anchor as BlockAnchor;
    return x.block - y.block || x.from - y.from;
  });
  return open
    .map((t) => {
      const lines = t.comments.map((c) => `  ${c.author.name}: ${c.body}`);
      return [`“${t.anchor.quote}”`, ...lines].join('\n');
    })
    .join('\n\n');
}
