import type { EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';

/**
 * A place in the document that stays right while others edit. Remote changes
 * reach ProseMirror as one replacement of the whole document, which no
 * ProseMirror mapping survives: the place is kept as a Yjs relative position
 * instead (as collaborators' carets are). Without a Yjs binding (a plain
 * editor) it is the position as it was.
 */
export interface TrackedPosition {
  resolve(state: EditorState): number | null;
}

interface SyncState {
  doc: unknown;
  type: unknown;
  binding: { mapping: unknown } | null;
}

export function trackPosition(state: EditorState, pos: number): TrackedPosition {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  if (!sync?.binding) return { resolve: (s) => (pos <= s.doc.content.size ? pos : null) };
  // biome-ignore lint/suspicious/noExplicitAny: y-tiptap's helpers are typed loosely
  const relative = absolutePositionToRelativePosition(pos, sync.type as any, sync.binding.mapping as any);
  return {
    resolve(s) {
      const now = ySyncPluginKey.getState(s) as SyncState | undefined;
      if (!now?.binding) return null;
      // biome-ignore lint/suspicious/noExplicitAny: as above
      const abs = relativePositionToAbsolutePosition(now.doc as any, now.type as any, relative, now.binding.mapping as any);
      return abs === null || abs > s.doc.content.size ? null : abs;
    },
  };
}

/**
 * The position of the node of type `typeName` the tracked place points at,
 * or null when it is gone (deleted by someone). A relative position next to
 * an atom may resolve on either side of it: both are looked at.
 */
export function resolveNode(state: EditorState, tracked: TrackedPosition, typeName: string): number | null {
  const pos = tracked.resolve(state);
  if (pos === null) return null;
  for (const candidate of [pos, pos - 1]) {
    if (candidate < 0) continue;
    if (state.doc.nodeAt(candidate)?.type.name === typeName) return candidate;
  }
  return null;
}
