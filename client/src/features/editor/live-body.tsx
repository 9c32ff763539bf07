import type { Editor } from '@tiptap/react';
import type { EntryDetailDto } from '@knowledge-hub/shared';
import type { CollabSession } from './collab-session';
import { useAfterPaint } from '../../ui/use-after-paint';
import { useChunk } from '../../ui/use-chunk';
import { loadEditorChunk } from './editor-chunk';
import type { EditorUi } from './editor-ui';
import { ToolbarFrame } from './toolbar-frame';

interface LiveBodyProps {
  /** Null until the live session exists: the editor is created on it. */
  session: CollabSession | null;
  ui: EditorUi;
  entry: EntryDetailDto;
  /** Ask for the editor's chunk (once the published text, if any, has been painted: on a slow line the text comes first). */
  wanted: boolean;
  /** The body's Tiptap editor, once created (the workspace holds it). */
  editor: Editor | null;
  onEditor: (editor: Editor | null) => void;
  /** The reader may edit: the toolbar is shown (inert and disabled until the document has synced). */
  toolbar: boolean;
  editable: boolean;
  label: string;
  /**
   * The published revision's HTML, shown read-only in the body's place until the live document is in (null: nothing
   * to show, or the editor shows the document). The server rendered it from the frozen document with the same
   * sanitising renderer as the public page, so it holds no script, handler or foreign URL.
   */
  previewHtml: string | null;
}

/**
 * The entry's body: the toolbar, then the surface with the published text until the live document and the editor's
 * chunk are in, then the editor. The frame and the published text stay mounted while the editor's parts arrive: the
 * text a phone painted first is the page's largest paint, and replacing it with an identical copy (as a Suspense
 * fallback swapped for its children would) made that paint wait for the editor's chunk.
 */
export function LiveBody({ session, ui, entry, wanted, editor, onEditor, toolbar, editable, label, previewHtml }: LiveBodyProps) {
  const chunk = useChunk(loadEditorChunk, wanted);
  // The toolbar comes a frame after the editor's text: one task less long on a phone (its stand-in holds its place).
  const chromeDrawn = useAfterPaint(editor !== null);
  return (
    <div className="body-editor">
      {chunk && editor && chromeDrawn ? (
        <chunk.BodyEditorChrome editor={editor} editable={editable} toolbar={toolbar} ui={ui} entry={entry} />
      ) : (
        // Until the editor exists: the inert twin holds the toolbar's place.
        toolbar && <ToolbarFrame editor={null} ui={null} active="" disabled />
      )}
      {/* Pending while it shows nothing (the published text not in yet, or none and no editor yet): see usePageHeading. */}
      <div
        className="editor-surface"
        data-testid="editor"
        data-editable={editable ? 'true' : 'false'}
        data-pending={previewHtml === null && editor === null ? '' : undefined}
      >
        {previewHtml !== null && <PublishedPreview html={previewHtml} />}
        {chunk && session && <chunk.BodyEditorCreator session={session} ui={ui} entryId={entry.id} onEditor={onEditor} />}
        {chunk && editor && (
          <div hidden={previewHtml !== null}>
            <chunk.BodyEditorContent editor={editor} editable={editable} label={label} ui={ui} entry={entry} />
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * The published revision's HTML in the body's place, read-only, while the live document is not in. The server
 * rendered it from the frozen document with the same sanitising renderer as the public page, so it holds no
 * script, handler or foreign URL.
 */
export function PublishedPreview({ html }: { html: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the server's sanitised rendering of a frozen revision (see above)
  return <div className="published-preview" data-testid="published-preview" aria-busy="true" dangerouslySetInnerHTML={{ __html: html }} />;
}
