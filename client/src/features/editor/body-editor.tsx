import { useEffect, useMemo } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { DOC_BODY } from '@knowledge-hub/shared';
import { renderCaret, renderSelection } from './caret-render';
import type { CollabSession } from './collab-session';
import { EditorToolbar } from './editor-toolbar';

interface BodyEditorProps {
  session: CollabSession;
  editable: boolean;
  label: string;
}

/**
 * The rich text of an entry (Y.XmlFragment `body`), with everyone's carets.
 * The Tiptap editor is created once per session: the options object is
 * memoised and passed with `[session]` as deps, so re-renders (status changes,
 * presence, typing in the title) never rebuild or reconfigure it. Undo/redo is
 * Yjs-aware (from the Collaboration extension), hence StarterKit's is off.
 */
export function BodyEditor({ session, editable, label }: BodyEditorProps) {
  const options = useMemo(
    () => ({
      extensions: [
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: session.doc, field: DOC_BODY }),
        CollaborationCaret.configure({ provider: session.provider, user: session.user, render: renderCaret, selectionRender: renderSelection }),
      ],
      editable: false,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
    }),
    [session],
  );
  const editor = useEditor(options, [session]);

  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.view.dom.setAttribute('aria-label', label);
    editor.view.dom.setAttribute('aria-multiline', 'true');
  }, [editor, label]);

  return (
    <div className="body-editor">
      {editable && editor && <EditorToolbar editor={editor} />}
      <div className="editor-surface" data-testid="editor" data-editable={editable ? 'true' : 'false'}>
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
