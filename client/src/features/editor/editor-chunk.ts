/*
 * Tiptap and ProseMirror: the editor's own chunk, fetched once the page shows the entry's text (LiveBody).
 * Tiptap (with ProseMirror) is imported on its own first, so that it is evaluated in a task of its own as it
 * arrives: evaluated with the editor's chunk, the two made one task of ~300 ms on a phone. KaTeX is not part of
 * it: it comes with the first formula (features/math/katex-load.ts).
 */
import { loadOnce } from '../../ui/load-once';

export type EditorChunk = typeof import('./editor-body');

export const loadEditorChunk: () => Promise<EditorChunk> = loadOnce(() => import('@tiptap/react').then(() => import('./editor-body')));
