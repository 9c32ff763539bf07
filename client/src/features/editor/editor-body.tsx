import { useEffect } from 'react';
import type { Editor } from '@tiptap/react';
import type { EntryDetailDto } from '@knowledge-hub/shared';
import type { CollabSession } from './collab-session';
import { BodyEditor, useBodyEditor } from './body-editor';
import type { EditorUi } from './editor-ui';

/*
 * The editor's own chunk, loaded by CollabWorkspace once the page shows the
 * entry: Tiptap, ProseMirror, the Yjs binding, KaTeX, and the comments panel
 * (its anchors and highlights are ProseMirror plugins).
 */
export { CommentsPanel } from '../discussion/comments-panel';

interface EditorBodyProps {
  session: CollabSession;
  ui: EditorUi;
  entry: EntryDetailDto;
  editable: boolean;
  pendingEditable: boolean;
  label: string;
  previewHtml: string | null;
  /** The Tiptap editor, once created (null again when it goes): the workspace's other parts read the document through it. */
  onEditor: (editor: Editor | null) => void;
}

/** Creates the body's Tiptap editor on the session and renders it. */
export function EditorBody({ session, ui, entry, editable, pendingEditable, label, previewHtml, onEditor }: EditorBodyProps) {
  const editor = useBodyEditor(session, ui, entry.id);
  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);
  return <BodyEditor editor={editor} editable={editable} pendingEditable={pendingEditable} label={label} ui={ui} entry={entry} previewHtml={previewHtml} />;
}
