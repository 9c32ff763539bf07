import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createContentComponent, Editor } from '@tiptap/react';
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
 * changes, presence, typing in the title), in three tasks after the render
 * that asked for it: the editor (extensions, schema, state), the view's
 * plugins and node views, then its view (the ProseMirror DOM, the Yjs
 * binding's first rendering of the document). Made in one task, they were
 * the page's longest on a phone (~125 ms at ×4 CPU slowdown, on the demo
 * entry). Undo/redo is Yjs-aware
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
    let release = () => {};
    const steps: ((editor: Editor) => void)[] = [
      (editor) => {
        // The store of its React node views (the chart), there before its first drawing: BodyEditorContent renders them.
        (editor as ContentEditor).contentComponent = createContentComponent();
        release = computeViewPartsAhead(editor);
      },
      (editor) => {
        // Mounted into a detached element: BodyEditorContent moves the view's DOM, as drawn, into the page.
        editor.mount(document.createElement('div'));
        release();
        setEditor(editor);
      },
    ];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = (i: number) => {
      timer = setTimeout(
        step(() => {
          // First the editor, not mounted yet (element: null): no view, no DOM.
          created ??= new Editor({ extensions: editorExtensions(session, ui, entryId), editable: false, element: null });
          if (i > 0) steps[i - 1](created);
          if (i < steps.length) run(i + 1);
        }),
        0,
      );
    };
    run(0);
    return () => {
      gone = true;
      clearTimeout(timer);
      release();
      created?.destroy();
      setEditor(null);
    };
  }, [session, ui, entryId]);
  if (failure !== null) throw failure;
  return editor;
}

/**
 * Computes an unmounted editor's ProseMirror plugins and node views now, for its mount (in a later task) to use:
 * Tiptap computes them (getters of its extension manager) while it creates the view, which made the mount one of
 * the longest tasks of an entry's load on a phone. They are pinned on the manager until the returned function
 * unpins them (right after the mount), so that anything later computes them afresh as Tiptap would.
 */
function computeViewPartsAhead(editor: Editor): () => void {
  const manager = editor.extensionManager;
  const pinned = { plugins: manager.plugins, nodeViews: manager.nodeViews };
  for (const [name, value] of Object.entries(pinned)) Object.defineProperty(manager, name, { value, configurable: true });
  return () => {
    for (const name of Object.keys(pinned)) delete (manager as unknown as Record<string, unknown>)[name];
  };
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
  ui: EditorUi;
  entry: EntryDetailDto;
}

/**
 * What sits above the body's surface once the editor exists: the toolbar, its panels, notices. Drawn a frame
 * after the text (LiveBody): what makes the text editable comes with it (BodyEditorContent), never later.
 */
export function BodyEditorChrome({ editor, editable, toolbar, ui, entry }: BodyEditorChromeProps) {
  const { t } = useI18n();
  const { panel, panelSeq, notices } = useSyncExternalStore(ui.subscribe, ui.getSnapshot);
  const showPanel = editable && panel;
  return (
    <>
      {toolbar && <EditorToolbar editor={editor} ui={ui} entryId={entry.id} disabled={!editable} />}
      {showPanel && panel.kind === 'link' && <LinkPanel key={panelSeq} editor={editor} ui={ui} entry={entry} />}
      {showPanel && panel.kind === 'math' && <MathPanel key={panelSeq} editor={editor} ui={ui} panel={panel} />}
      {showPanel && panel.kind === 'figure' && <FigurePanel key={panelSeq} editor={editor} ui={ui} panel={panel} />}
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

interface BodyEditorContentProps {
  editor: Editor;
  editable: boolean;
  /** The text box's accessible name. */
  label: string;
  ui: EditorUi;
  entry: EntryDetailDto;
}

/** An editor whose React node views (the chart) render into the page through BodyEditorContent's portals. */
type ContentEditor = Editor & { contentComponent?: ReturnType<typeof createContentComponent> | null; isEditorContentInitialized?: boolean };

/**
 * The ProseMirror view of the body, and the portals of its React node views. Tiptap's EditorContent would draw
 * the whole document a second time as it moves the view in (it makes the node views again, then updates the
 * view with its new element): on a phone that was a third of the longest task of the page's load. Here the view
 * is moved in as drawn, its node views' store made with the editor (useBodyEditor).
 */
export function BodyEditorContent({ editor, editable, label, ui, entry }: BodyEditorContentProps) {
  const host = useRef<HTMLDivElement>(null);
  const content = editor as ContentEditor;

  // Editable (and named) in the same commit that shows it: a click on the text must be able to place the caret.
  useEffect(() => {
    if (!editor.isDestroyed && editor.isEditable !== editable) editor.setEditable(editable);
    if (!editable) ui.close();
  }, [editor, editable, ui]);

  useEffect(() => {
    if (editor.isDestroyed) return;
    editor.view.dom.setAttribute('aria-label', label);
    editor.view.dom.setAttribute('aria-multiline', 'true');
  }, [editor, label]);

  useLayoutEffect(() => {
    const element = host.current;
    const from = editor.isDestroyed ? null : editor.view.dom.parentNode;
    if (!element || !from) return;
    element.append(...from.childNodes);
    editor.options.element = element;
    content.isEditorContentInitialized = true; // node views made from now on render at once (as EditorContent's do)
    return () => {
      content.isEditorContentInitialized = false;
      if (editor.isDestroyed) return;
      const detached = document.createElement('div'); // back out of the page: the editor outlives this component
      detached.append(...element.childNodes);
      editor.options.element = detached;
    };
  }, [editor, content]);
  return (
    <>
      <div ref={host} />
      {content.contentComponent && <NodeViewPortals store={content.contentComponent} />}
      {editable && <BodyMentions editor={editor} entry={entry} />}
    </>
  );
}

/** The editor's React node views, each rendered through a portal into its place in the document. */
function NodeViewPortals({ store }: { store: ReturnType<typeof createContentComponent> }) {
  const renderers = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
  return <>{Object.values(renderers)}</>;
}
