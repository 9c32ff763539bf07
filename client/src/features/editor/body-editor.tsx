import { useEffect, useMemo } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { DOC_BODY } from '@knowledge-hub/shared';
import { renderCaret, renderSelection } from './caret-render';
import type { CollabSession } from './collab-session';
import { EditorToolbar } from './editor-toolbar';

/**
 * The Tiptap editor of an entry's rich text (Y.XmlFragment `body`), with
 * everyone's carets. Created once per session: the options object is
 * memoised and passed with `[session]` as deps, so re-renders (status changes,
 * presence, typing in the title) never rebuild or reconfigure it. Undo/redo is
 * Yjs-aware (from the Collaboration extension), hence StarterKit's is off.
 * Owned by the workspace so that others (changes since the published
 * revision) can read the document as ProseMirror JSON.
 */
export function useBodyEditor(session: CollabSession): Editor | null {
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
  return useEditor(options, [session]);
}

interface BodyEditorProps {
  editor: Editor | null;
  editable: boolean;
  label: string;
}

export function BodyEditor({ editor, editable, label }: BodyEditorProps) {
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
