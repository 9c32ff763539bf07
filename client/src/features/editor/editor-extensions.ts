import { Extension, type AnyExtension } from '@tiptap/core';
import { CommentHighlights } from '../discussion/comment-highlights';
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import Link from '@tiptap/extension-link';
import { TableKit } from '@tiptap/extension-table';
import { Plugin } from '@tiptap/pm/state';
import StarterKit from '@tiptap/starter-kit';
import { DOC_BODY, DOC_REFERENCES } from '@knowledge-hub/shared';
import { renderCaret, renderSelection } from './caret-render';
import { Citation, type ReferenceKeys } from './citation-node';
import { DatasetChart } from './dataset-chart-node';
import type { CollabSession } from './collab-session';
import type { EditorUi } from './editor-ui';
import { Figure } from './figure-node';
import { FigureUpload } from './figure-upload-plugin';
import { isAllowedLinkHref } from './link-href';
import { EditorBlockMath, EditorInlineMath } from './math-nodes';
import { Mention } from './mention-node';
import { Report } from './report-node';
import { TabGuard } from './tab-guard';
import { parseTsv, rowsToTableHtml } from './table-paste';

/** Ctrl/Cmd+K opens the link panel. */
const LinkShortcut = Extension.create<{ ui: EditorUi | null }>({
  name: 'linkShortcut',
  addOptions() {
    return { ui: null };
  },
  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        if (!this.editor.isEditable || !this.options.ui) return false;
        this.options.ui.open({ kind: 'link' });
        return true;
      },
    };
  },
});

/** Plain tab-separated text (a spreadsheet's selection without HTML) pasted as a table; HTML tables are the table extension's. */
export const TsvTablePaste = Extension.create({
  name: 'tsvTablePaste',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        props: {
          handlePaste(view, event) {
            const data = event.clipboardData;
            if (!data || data.files.length > 0 || /<table[\s>]/i.test(data.getData('text/html'))) return false;
            if (view.state.selection.$from.parent.type.spec.code) return false;
            const rows = parseTsv(data.getData('text/plain'));
            if (!rows) return false;
            // Through the editor's own HTML paste: inside a table the cells are filled, elsewhere a table is inserted.
            return view.pasteHTML(rowsToTableHtml(rows));
          },
        },
      }),
    ];
  },
});

/**
 * Tiptap's link, with autolinking left to the person typing. Its autolink plugin looks at every change to the
 * document, and so would link an address that arrived from a co-author or with the document itself: every
 * editor open on the entry would then write the same link (and one that an author unlinked on purpose would
 * come back as soon as anyone opened the entry). Changes that come from the shared document are skipped.
 * Skipping them also spares a phone a scan of the whole text when the entry opens.
 */
const SharedDocLink = Link.extend({
  inclusive: () => false,
  addProseMirrorPlugins() {
    return (this.parent?.() ?? []).map((plugin) => {
      const append = plugin.spec.appendTransaction;
      if (!append) return plugin;
      return new Plugin({
        ...plugin.spec,
        appendTransaction: (transactions, oldState, newState) =>
          transactions.some((tr) => isChangeOrigin(tr)) ? undefined : append.call(plugin, transactions, oldState, newState),
      });
    });
  },
});

/** The document model of the body (the contract's node and mark names) without collaboration: also used by tests. */
export function contentExtensions(ui: EditorUi | null, entryId: string | null, references: ReferenceKeys | null): AnyExtension[] {
  return [
    StarterKit.configure({ undoRedo: false, heading: { levels: [1, 2, 3, 4] }, link: false }),
    // Typed addresses become links, but text typed right after a link does not join it (Tiptap makes an autolinking mark inclusive).
    SharedDocLink.configure({
      openOnClick: false,
      autolink: true,
      linkOnPaste: true,
      HTMLAttributes: { target: null, rel: null },
      isAllowedUri: (url) => isAllowedLinkHref(url),
    }),
    TableKit.configure({ table: { resizable: false } }),
    Figure.configure({ ui }),
    EditorInlineMath.configure({ ui }),
    EditorBlockMath.configure({ ui }),
    Citation.configure({ references }),
    Mention,
    DatasetChart,
    Report,
    TsvTablePaste,
    FigureUpload.configure({ ui, entryId }),
    LinkShortcut.configure({ ui }),
    TabGuard,
  ];
}

/** Everything of the live editor: the content model, bound to the session's Y.Doc, with everyone's carets. */
export function editorExtensions(session: CollabSession, ui: EditorUi, entryId: string): AnyExtension[] {
  return [
    ...contentExtensions(ui, entryId, session.doc.getMap(DOC_REFERENCES)),
    Collaboration.configure({ document: session.doc, field: DOC_BODY }),
    CollaborationCaret.configure({ provider: session.provider, user: session.user, render: renderCaret, selectionRender: renderSelection }),
    CommentHighlights,
  ];
}
