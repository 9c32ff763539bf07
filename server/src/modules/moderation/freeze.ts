import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { nodeText, renderHtml, type PmNode } from '@knowledge-hub/shared';
import { readMeta, type EntryMeta } from '../../documents/entry-doc';
import { bodyToProseMirror } from '../../documents/prosemirror';

/** Everything a revision freezes of a live document at one instant. */
export interface FrozenDocument {
  yjsState: Uint8Array;
  stateVector: Uint8Array;
  pmJson: PmNode;
  html: string;
  text: string;
  meta: EntryMeta;
  /** SHA-256 over the content readers would see (meta + body), hex. */
  contentHash: string;
}

export function freezeDocument(doc: Y.Doc): FrozenDocument {
  const pmJson = bodyToProseMirror(doc);
  const meta = readMeta(doc);
  const contentHash = createHash('sha256')
    .update(JSON.stringify({ title: meta.title, summary: meta.summary, tags: meta.tags, language: meta.language, body: pmJson }))
    .digest('hex');
  return {
    yjsState: Y.encodeStateAsUpdate(doc),
    stateVector: Y.encodeStateVector(doc),
    pmJson,
    html: renderHtml(pmJson),
    text: nodeText(pmJson),
    meta,
    contentHash,
  };
}

/** Yjs client ids whose clock advanced from one state vector to the next: who wrote in between. */
export function clientsThatAdvanced(from: Uint8Array | null, to: Uint8Array): number[] {
  const before = from ? Y.decodeStateVector(from) : new Map<number, number>();
  const after = Y.decodeStateVector(to);
  return Array.from(after).filter(([client, clock]) => clock > (before.get(client) ?? 0)).map(([client]) => client);
}
