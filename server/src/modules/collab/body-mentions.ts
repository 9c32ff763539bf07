import * as Y from 'yjs';
import { DOC_BODY, MENTION_NODE, mentionAttrs } from '@knowledge-hub/shared';

/**
 * At most this many distinct users are read from one live body per pass: a
 * body stuffed with thousands of mentions costs one bounded query, not one
 * per mention (those past the cap are read once earlier ones are handled).
 */
export const MAX_MENTIONED_USERS_PER_PASS = 200;

/** A user mentioned in a live body, with who inserted their first mention there (null: unknown). */
export interface BodyMention {
  userId: string;
  writerId: string | null;
}

/** Who wrote a struct of the document (see ClientWriters). */
export interface WriterLookup {
  writerOf(client: number, clock: number): string | null;
  /** Whether the struct came from another instance (its writer is known there, not here). */
  writtenElsewhere?(client: number, clock: number): boolean;
}

/**
 * The users the live body mentions (`mention` nodes with a uuid id), each
 * once, in document order, at most `limit`; `skip` holds users already
 * handled (they neither count nor return). Iterative: a deeply nested
 * hostile body does not grow the stack.
 */
export function mentionsInBody(doc: Y.Doc, writers: WriterLookup, skip: ReadonlySet<string>, limit = MAX_MENTIONED_USERS_PER_PASS): BodyMention[] {
  const out = new Map<string, string | null>();
  const stack: (Y.XmlElement | Y.XmlFragment)[] = [doc.getXmlFragment(DOC_BODY)];
  while (stack.length > 0 && out.size < limit) {
    const node = stack.pop()!;
    const children = node.toArray();
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child instanceof Y.XmlElement) stack.push(child);
    }
    if (!(node instanceof Y.XmlElement) || node.nodeName !== MENTION_NODE) continue;
    const { id } = mentionAttrs({ type: MENTION_NODE, attrs: node.getAttributes() as Record<string, unknown> });
    if (!id || skip.has(id) || out.has(id)) continue;
    // The writer is whoever set the id the node names now: the attribute's own item. A later
    // setAttribute('id', …) by someone else is a new item while the node keeps its own id, so
    // the node's item would name the first writer for a mention another member re-pointed.
    const attr = node._map.get('id');
    // Set on another instance: that instance knows its writer and tells them (a relayed change
    // carries no user, here it would go out with no actor). Left out here, it is not handled either.
    if (attr && writers.writtenElsewhere?.(attr.id.client, attr.id.clock)) continue;
    out.set(id, attr ? writers.writerOf(attr.id.client, attr.id.clock) : null);
  }
  return Array.from(out, ([userId, writerId]) => ({ userId, writerId }));
}
