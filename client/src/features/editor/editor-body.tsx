/*
 * The editor's own chunk, loaded by LiveBody once the page shows the
 * entry's text: Tiptap, ProseMirror, the Yjs binding, KaTeX, and the comments
 * panel (its anchors and highlights are ProseMirror plugins).
 */
export { CommentsPanel } from '../discussion/comments-panel';
export { BodyEditorChrome, BodyEditorContent, BodyEditorCreator } from './body-editor';
