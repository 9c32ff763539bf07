import { useEffect, useState, useSyncExternalStore } from 'react';
import { Editor, EditorContent } from '@tiptap/react';
import type { EntryDetailDto } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import type { CollabSession } from './collab-session';
import { editorExtensions } from './editor-extensions';
import { EditorToolbar } from './editor-toolbar';
import type { EditorUi } from './editor-ui';
import { FigurePanel } from './figure-panel';
import { LinkPanel } from './link-panel';
import { MathPanel } from './math-panel';
import { BodyMentions } from './mention-suggestions';

/*
 * The body's parts that need Tiptap (the editor's chunk). The frame around
 * them, with the published text in the surface until the live document is
 * in, is LiveBody's (live-body.tsx): it stays mounted while these arrive.
 */

/**
 * The Tiptap editor of an entry's rich text (Y.XmlFragment `body`), with
 * everyone's carets. Created once per session (never by a re-render: status
 * changes, presence, typing in the title), in two tasks after the render
 * that asked for it: first the editor (extensions, schema, state), then its
 * view (the ProseMirror DOM, the Yjs binding's first rendering of the
 * document). Made in one task, the two were the page's longest on a phone
 * (~125 ms at ×4 CPU slowdown, on the demo entry). Undo/redo is Yjs-aware
 * (from the Collaboration extension), hence StarterKit's is off. Owned by
 * the workspace so that others (changes since the published revision, the
 * references panel) can read the document. Null until its view exists.
 */
export function useBodyEditor(session: CollabSession, ui: EditorUi, entryId: string): Editor | null {
  const [editor, setEditor] = useState<Editor | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    let created: Editor | null = null;
    let gone = false; // (an unmounted editor says isDestroyed: it has no view yet)
    // A failure (an extension, the Yjs binding's first rendering of the document) goes to the page's error boundary,
    // as it would from a render: the page must not keep showing the published text as if the editor were coming.
    const step = (run: () => void) => () => {
      if (gone) return;
      try {
        run();
      } catch (err) {
        created?.destroy();
        created = null;
        setFailure(err ?? new Error('the editor could not be created'));
      }
    };
    let timer = setTimeout(
      step(() => {
        // Not mounted yet (element: null): no view, no DOM.
        const made = new Editor({ extensions: editorExtensions(session, ui, entryId), editable: false, element: null });
        created = made;
        timer = setTimeout(
          step(() => {
            // Mounted into a detached element: EditorContent moves the view's DOM into the page.
            made.mount(document.createElement('div'));
            setEditor(made);
          }),
          0,
        );
      }),
      0,
    );
    return () => {
      gone = true;
      clearTimeout(timer);
      created?.destroy();
      setEditor(null);
    };
  }, [session, ui, entryId]);
  if (failure !== null) throw failure;
  return editor;
}

interface BodyEditorCreatorProps {
  session: CollabSession;
  ui: EditorUi;
  entryId: string;
  /** The Tiptap editor, once created (null again when it goes): the workspace's parts read the document through it. */
  onEditor: (editor: Editor | null) => void;
}

/** Creates the body's Tiptap editor on the session and hands it to the workspace. Renders nothing. */
export function BodyEditorCreator({ session, ui, entryId, onEditor }: BodyEditorCreatorProps) {
  const editor = useBodyEditor(session, ui, entryId);
  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);
  return null;
}

interface BodyEditorChromeProps {
  editor: Editor;
  editable: boolean;
  /** The toolbar is shown (the reader may edit): disabled until the document has synced. */
  toolbar: boolean;
  label: string;
  ui: EditorUi;
  entry: EntryDetailDto;
}

/** What sits above the body's surface once the editor exists: the toolbar, its panels, mention suggestions, notices. */
export function BodyEditorChrome({ editor, editable, toolbar, label, ui, entry }: BodyEditorChromeProps) {
  const { t } = useI18n();
  const { panel, panelSeq, notices } = useSyncExternalStore(ui.subscribe, ui.getSnapshot);

  useEffect(() => {
    if (!editor.isDestroyed && editor.isEditable !== editable) editor.setEditable(editable);
    if (!editable) ui.close();
  }, [editor, editable, ui]);

  useEffect(() => {
    if (editor.isDestroyed) return;
    editor.view.dom.setAttribute('aria-label', label);
    editor.view.dom.setAttribute('aria-multiline', 'true');
  }, [editor, label]);

  const showPanel = editable && panel;
  return (
    <>
      {toolbar && <EditorToolbar editor={editor} ui={ui} entryId={entry.id} disabled={!editable} />}
      {showPanel && panel.kind === 'link' && <LinkPanel key={panelSeq} editor={editor} ui={ui} entry={entry} />}
      {showPanel && panel.kind === 'math' && <MathPanel key={panelSeq} editor={editor} ui={ui} panel={panel} />}
      {showPanel && panel.kind === 'figure' && <FigurePanel key={panelSeq} editor={editor} ui={ui} panel={panel} />}
      {editable && <BodyMentions editor={editor} entry={entry} />}
      {notices.length > 0 && (
        <div className="editor-notices">
          {notices.map((notice) => (
            <div key={notice.id} className="error small" role="alert" data-testid="editor-notice">
              <span>{notice.text}</span>
              <button type="button" className="button small" onClick={() => ui.dismiss(notice.id)}>
                {t('editor.dismiss')}
              </button>
            </div>
          ))}
        </div>
      )}
    </>
  );
}

/** The ProseMirror view of the body. */
export function BodyEditorContent({ editor }: { editor: Editor }) {
  return <EditorContent editor={editor} />;
}
