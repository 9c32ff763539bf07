import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
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
import { PublishedPreview } from './body-placeholder';
import { ToolbarFrame } from './toolbar-frame';

/**
 * The Tiptap editor of an entry's rich text (Y.XmlFragment `body`), with
 * everyone's carets. Created once per session: the options object is
 * memoised and passed with `[session]` as deps, so re-renders (status changes,
 * presence, typing in the title) never rebuild or reconfigure it. Undo/redo is
 * Yjs-aware (from the Collaboration extension), hence StarterKit's is off.
 * Owned by the workspace so that others (changes since the published
 * revision, the references panel) can read the document. Null until the
 * effect after the first render has created it.
 */
export function useBodyEditor(session: CollabSession, ui: EditorUi, entryId: string): Editor | null {
  const options = useMemo(
    () => ({
      extensions: editorExtensions(session, ui, entryId),
      editable: false,
      // Created after the first commit, never in a render: a time-sliced render that React restarts (a
      // document update arriving meanwhile) would create a second editor, the costliest task of the page.
      immediatelyRender: false,
      shouldRerenderOnTransaction: false,
    }),
    [session, ui, entryId],
  );
  return useEditor(options, [session, ui, entryId]);
}

interface BodyEditorProps {
  editor: Editor | null;
  editable: boolean;
  /** Will be editable once the document has synced: the toolbar holds its place meanwhile. */
  pendingEditable?: boolean;
  label: string;
  ui: EditorUi;
  entry: EntryDetailDto;
  /**
   * The published revision's HTML, shown read-only in the body's place until the live document has synced
   * (null: nothing to show, or synced). The server rendered it from the frozen document with the same
   * sanitising renderer as the public page, so it holds no script, handler or foreign URL.
   */
  previewHtml?: string | null;
}

export function BodyEditor({ editor, editable, pendingEditable = false, label, ui, entry, previewHtml = null }: BodyEditorProps) {
  const { t } = useI18n();
  const { panel, panelSeq, notices } = useSyncExternalStore(ui.subscribe, ui.getSnapshot);

  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable !== editable) editor.setEditable(editable);
    if (!editable) ui.close();
  }, [editor, editable, ui]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.view.dom.setAttribute('aria-label', label);
    editor.view.dom.setAttribute('aria-multiline', 'true');
  }, [editor, label]);

  const showPanel = editable && editor && panel;
  return (
    <div className="body-editor">
      {(editable || pendingEditable) &&
        (editor ? (
          <EditorToolbar editor={editor} ui={ui} entryId={entry.id} disabled={!editable} />
        ) : (
          // Until the editor is created (the effect after this render): the inert twin holds the toolbar's place.
          <ToolbarFrame editor={null} ui={null} active="" disabled />
        ))}
      {showPanel && panel.kind === 'link' && <LinkPanel key={panelSeq} editor={editor} ui={ui} entry={entry} />}
      {showPanel && panel.kind === 'math' && <MathPanel key={panelSeq} editor={editor} ui={ui} panel={panel} />}
      {showPanel && panel.kind === 'figure' && <FigurePanel key={panelSeq} editor={editor} ui={ui} panel={panel} />}
      {editable && editor && <BodyMentions editor={editor} entry={entry} />}
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
      <div className="editor-surface" data-testid="editor" data-editable={editable ? 'true' : 'false'}>
        {previewHtml !== null && <PublishedPreview html={previewHtml} />}
        <div hidden={previewHtml !== null}>
          <EditorContent editor={editor} />
        </div>
      </div>
    </div>
  );
}
