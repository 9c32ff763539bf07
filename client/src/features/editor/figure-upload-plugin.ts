import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { IMAGE_NODE, type UploadedFileDto } from '@knowledge-hub/shared';
import type { EditorUi } from './editor-ui';
import { isAcceptedFigureType, isFigureCandidate, UploadError, type UploadFailure, uploadFigure } from './figure-upload';
import { trackPosition, type TrackedPosition } from './tracked-position';
import type { Translate } from '../../i18n/i18n-context';

/**
 * Pasting or dropping image files uploads them. While a file is on its way,
 * a progress line shows where it will go — a widget decoration of this
 * editor only, so collaborators never see a half-made figure. Once stored,
 * the `image` node is inserted there and the figure panel opens for its alt
 * text; a failed upload says why and inserts nothing.
 */
interface PendingUpload {
  id: string;
  tracked: TrackedPosition;
  dom: HTMLElement;
}

type UploadMeta = { add: PendingUpload } | { remove: string };

const uploadsKey = new PluginKey<ReadonlyMap<string, PendingUpload>>('figureUploads');
let uploadCounter = 0;

export function uploadFailureText(t: Translate, failure: UploadFailure, name: string): string {
  switch (failure.kind) {
    case 'unsupported_file_type':
      return t('upload.unsupported', { name });
    case 'file_too_large':
      return t('upload.tooLarge', { name });
    case 'network':
      return t('upload.network', { name });
    default:
      return t('upload.failed', { name, reason: failure.message ?? `HTTP ${failure.status}` });
  }
}

function progressDom(t: Translate, name: string): { dom: HTMLElement; set: (fraction: number) => void } {
  const dom = document.createElement('div');
  dom.className = 'figure-upload';
  dom.dataset.testid = 'figure-upload';
  dom.setAttribute('role', 'status');
  dom.contentEditable = 'false';
  const label = document.createElement('span');
  const bar = document.createElement('progress');
  bar.max = 100;
  dom.append(label, bar);
  const set = (fraction: number) => {
    const percent = Math.round(fraction * 100);
    bar.value = percent;
    label.textContent = t('upload.progress', { name, percent });
  };
  set(0);
  return { dom, set };
}

/** Uploads `file` and inserts it as a figure at `pos` (as the document is when the upload ends). */
export function startFigureUpload(editor: Editor, ui: EditorUi, entryId: string, file: File, pos: number): void {
  const t = ui.t;
  const name = file.name || t('upload.unnamed');
  if (!isAcceptedFigureType(file)) {
    ui.notify(t('upload.unsupported', { name }));
    return;
  }
  const id = `upload-${++uploadCounter}`;
  const { dom, set } = progressDom(t, name);
  const tracked = trackPosition(editor.state, pos);
  const dispatchMeta = (meta: UploadMeta) => {
    if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(uploadsKey, meta).setMeta('addToHistory', false));
  };
  dispatchMeta({ add: { id, tracked, dom } });
  uploadFigure(entryId, file, set)
    .done.then((stored) => {
      dispatchMeta({ remove: id });
      if (editor.isDestroyed) return;
      if (!editor.isEditable) {
        ui.notify(t('upload.notInserted', { name }));
        return;
      }
      insertFigure(editor, ui, stored, tracked.resolve(editor.state) ?? editor.state.selection.from);
    })
    .catch((err: unknown) => {
      dispatchMeta({ remove: id });
      ui.notify(err instanceof UploadError ? uploadFailureText(t, err.failure, name) : t('upload.failed', { name, reason: String(err) }));
    });
}

function insertFigure(editor: Editor, ui: EditorUi, stored: UploadedFileDto, pos: number): void {
  const attrs = { src: stored.url, alt: null, width: stored.width ?? null, height: stored.height ?? null };
  editor.chain().insertContentAt(pos, { type: IMAGE_NODE, attrs }).run();
  // Where it landed (an insertion inside a paragraph splits it): the nearest figure with this source.
  let found: number | null = null;
  editor.state.doc.descendants((node, at) => {
    if (node.type.name === IMAGE_NODE && node.attrs.src === stored.url && (found === null || Math.abs(at - pos) < Math.abs(found - pos))) found = at;
    return found === null || at < pos + 4;
  });
  if (found !== null) ui.open({ kind: 'figure', target: trackPosition(editor.state, found) });
}

function imageFiles(data: DataTransfer | null): File[] {
  if (!data) return [];
  // A spreadsheet's selection also comes as a picture of the cells: the table is what was meant.
  if (/<table[\s>]/i.test(data.getData('text/html'))) return [];
  return Array.from(data.files).filter(isFigureCandidate);
}

export interface FigureUploadOptions {
  ui: EditorUi | null;
  entryId: string | null;
}

export const FigureUpload = Extension.create<FigureUploadOptions>({
  name: 'figureUpload',

  addOptions() {
    return { ui: null, entryId: null };
  },

  addProseMirrorPlugins() {
    const { ui, entryId } = this.options;
    const editor = this.editor;
    if (!ui || !entryId) return [];
    return [
      new Plugin<ReadonlyMap<string, PendingUpload>>({
        key: uploadsKey,
        state: {
          init: () => new Map(),
          apply(tr, uploads) {
            const meta = tr.getMeta(uploadsKey) as UploadMeta | undefined;
            if (!meta) return uploads;
            const next = new Map(uploads);
            if ('add' in meta) next.set(meta.add.id, meta.add);
            else next.delete(meta.remove);
            return next;
          },
        },
        props: {
          decorations(state) {
            const uploads = uploadsKey.getState(state);
            if (!uploads || uploads.size === 0) return null;
            const widgets: Decoration[] = [];
            for (const upload of uploads.values()) {
              const pos = Math.min(upload.tracked.resolve(state) ?? 0, state.doc.content.size);
              widgets.push(Decoration.widget(pos, upload.dom, { key: upload.id, side: -1, ignoreSelection: true }));
            }
            return DecorationSet.create(state.doc, widgets);
          },
          handlePaste(view, event) {
            const files = imageFiles(event.clipboardData);
            if (files.length === 0 || !view.editable) return false;
            event.preventDefault();
            for (const file of files) startFigureUpload(editor, ui, entryId, file, view.state.selection.from);
            return true;
          },
          handleDrop(view, event, _slice, moved) {
            if (moved || !view.editable) return false;
            const files = imageFiles(event.dataTransfer);
            if (files.length === 0) return false;
            event.preventDefault();
            const at = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos ?? view.state.selection.from;
            for (const file of files) startFigureUpload(editor, ui, entryId, file, at);
            return true;
          },
        },
      }),
    ];
  },
});
