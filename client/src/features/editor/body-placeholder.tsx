import { ToolbarFrame } from './toolbar-frame';

interface BodyPlaceholderProps {
  /** The toolbar will be there (the reader may edit): its inert twin holds the place. */
  toolbar: boolean;
  /** The published revision's HTML (the server's sanitised rendering), or null: nothing published yet, or not fetched yet. */
  previewHtml: string | null;
}

/**
 * The body's place while the editor's chunk (Tiptap, ProseMirror, KaTeX)
 * loads: the same boxes as BodyEditor (toolbar, surface) with the published
 * text in the surface, so a phone's first paint is the text and nothing
 * moves when the editor takes over. No Tiptap here.
 */
export function BodyPlaceholder({ toolbar, previewHtml }: BodyPlaceholderProps) {
  return (
    <div className="body-editor" data-testid="body-placeholder">
      {toolbar && <ToolbarFrame editor={null} ui={null} active="" disabled />}
      <div className="editor-surface" data-editable="false">
        {previewHtml !== null && <PublishedPreview html={previewHtml} />}
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
