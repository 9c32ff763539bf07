/**
 * The editor's document model, shared by the client (Tiptap's StarterKit) and
 * the server (which renders frozen revisions). ProseMirror JSON as Tiptap
 * produces it; only the node and mark types listed here are ever rendered —
 * anything else is dropped (its text kept), which is what makes server-side
 * HTML safe by construction.
 */

export interface PmMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface PmNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PmNode[];
  marks?: PmMark[];
  text?: string;
}

/** Block node types of StarterKit that we render. */
export const BLOCK_NODES = ['paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'blockquote', 'codeBlock', 'horizontalRule'] as const;

/** Link targets we publish; anything else (javascript:, data:, …) loses its link. */
export function isSafeHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.length > 2048) return false;
  return /^(https?:\/\/|mailto:)/i.test(href.trim());
}

/** Plain text of a node: blocks separated by blank lines, list items by new lines. */
export function nodeText(node: PmNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  const children = node.content ?? [];
  const isBlockContainer = children.some((c) => (BLOCK_NODES as readonly string[]).includes(c.type));
  return children.map(nodeText).join(isBlockContainer ? '\n\n' : '');
}

/** The top-level blocks of a document, each with its type and plain text (used by diff and search). */
export function topLevelBlocks(doc: PmNode): { type: string; text: string }[] {
  return (doc.content ?? []).map((b) => ({ type: b.type, text: nodeText(b).trim() })).filter((b) => b.text.length > 0 || b.type === 'horizontalRule');
}
