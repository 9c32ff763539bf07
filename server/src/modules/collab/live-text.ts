import * as Y from 'yjs';
import { DOC_BODY, MENTION_NODE, mentionText } from '@knowledge-hub/shared';

/** The workspace search reads at most this much of a live body. */
export const MAX_LIVE_TEXT_CHARS = 200_000;

/**
 * The plain text of a live document's body, blocks separated by newlines:
 * what the workspace search matches drafts against (formatting, formulas and
 * figures are left out; the published text is indexed properly by search).
 * A mention reads `@Label`, as in the published text.
 */
export function liveBodyText(doc: Y.Doc): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment | Y.XmlHook): void => {
    if (length >= MAX_LIVE_TEXT_CHARS) return;
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as { insert?: unknown }[]) {
        if (typeof op.insert === 'string') {
          parts.push(op.insert);
          length += op.insert.length;
        }
      }
      return;
    }
    if (node instanceof Y.XmlElement && node.nodeName === MENTION_NODE) {
      const text = mentionText({ type: MENTION_NODE, attrs: node.getAttributes() as Record<string, unknown> });
      parts.push(text);
      length += text.length;
      return;
    }
    if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      for (const child of node.toArray()) visit(child);
      if (node instanceof Y.XmlElement) parts.push('\n');
    }
  };
  visit(doc.getXmlFragment(DOC_BODY));
  return parts
    .join('')
    .replace(/\n{2,}/g, '\n')
    .trim()
    .slice(0, MAX_LIVE_TEXT_CHARS);
}
