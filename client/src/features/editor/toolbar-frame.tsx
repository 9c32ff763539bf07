import { useRef, useState, type ChangeEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { Editor } from '@tiptap/core';
import { FIGURE_MIME_TYPES } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/en';
import type { EditorUi } from './editor-ui';
import { ChartIcon, ImageIcon, LinkIcon } from './toolbar-icons';
import { rovingIndex } from './toolbar-keys';

/*
 * The toolbar's buttons, without Tiptap: the editor's chunk (Tiptap,
 * ProseMirror, KaTeX) loads after the page has shown the text, and until then
 * this same toolbar, inert, holds its place (so the text does not move when
 * the editor arrives, whatever the width and however the buttons wrap).
 * A tool's `isActive` and `run` only call methods of the editor they are given.
 */

export interface Tool {
  id: string;
  label: MessageKey;
  /** A symbol or a drawn icon; or `short`, a translated short label. */
  glyph?: ReactNode;
  short?: MessageKey;
  className?: string;
  isActive?: (editor: Editor) => boolean;
  run: (editor: Editor, ui: EditorUi) => void;
}

const heading = (level: 2 | 3 | 4): Tool => ({
  id: `h${level}`,
  label: `editor.heading${level}`,
  glyph: `H${level}`,
  className: 'tool-heading',
  isActive: (e) => e.isActive('heading', { level }),
  run: (e) => e.chain().focus().toggleHeading({ level }).run(),
});

/** Formatting, always shown. */
export const TEXT_TOOLS: Tool[] = [
  {
    id: 'bold',
    label: 'editor.bold',
    glyph: 'B',
    className: 'tool-bold',
    isActive: (e) => e.isActive('bold'),
    run: (e) => e.chain().focus().toggleBold().run(),
  },
  {
    id: 'italic',
    label: 'editor.italic',
    glyph: 'I',
    className: 'tool-italic',
    isActive: (e) => e.isActive('italic'),
    run: (e) => e.chain().focus().toggleItalic().run(),
  },
  heading(2),
  heading(3),
  heading(4),
  { id: 'bullets', label: 'editor.bulletList', glyph: '•', isActive: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
  {
    id: 'numbers',
    label: 'editor.orderedList',
    glyph: '1.',
    isActive: (e) => e.isActive('orderedList'),
    run: (e) => e.chain().focus().toggleOrderedList().run(),
  },
  { id: 'quote', label: 'editor.quote', glyph: '❝', isActive: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
  { id: 'link', label: 'editor.link', glyph: <LinkIcon />, isActive: (e) => e.isActive('link'), run: (_e, ui) => ui.open({ kind: 'link' }) },
];

/** Inserting things. */
export const INSERT_TOOLS: Tool[] = [
  {
    id: 'table',
    label: 'editor.insertTable',
    glyph: '▦',
    run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
  },
  {
    id: 'inline-math',
    label: 'editor.inlineMath',
    glyph: '√x',
    run: (_e, ui) => ui.open({ kind: 'math', display: false, latex: '', target: null }),
  },
  {
    id: 'block-math',
    label: 'editor.blockMath',
    glyph: '∑',
    run: (_e, ui) => ui.open({ kind: 'math', display: true, latex: '', target: null }),
  },
  { id: 'chart', label: 'editor.chart', glyph: <ChartIcon />, run: (e) => e.chain().focus().insertDatasetChart().run() },
];

/** Shown while the caret is in a table. */
export const TABLE_TOOLS: Tool[] = [
  { id: 'row-after', label: 'table.addRow', short: 'table.addRowShort', run: (e) => e.chain().focus().addRowAfter().run() },
  { id: 'row-delete', label: 'table.deleteRow', short: 'table.deleteRowShort', run: (e) => e.chain().focus().deleteRow().run() },
  { id: 'col-after', label: 'table.addColumn', short: 'table.addColumnShort', run: (e) => e.chain().focus().addColumnAfter().run() },
  { id: 'col-delete', label: 'table.deleteColumn', short: 'table.deleteColumnShort', run: (e) => e.chain().focus().deleteColumn().run() },
  { id: 'header-row', label: 'table.toggleHeaderRow', short: 'table.toggleHeaderRowShort', run: (e) => e.chain().focus().toggleHeaderRow().run() },
  { id: 'table-delete', label: 'table.delete', short: 'table.deleteShort', run: (e) => e.chain().focus().deleteTable().run() },
];

interface ToolbarFrameProps {
  /** Null: the placeholder shown while the editor loads (inert, nothing pressed). */
  editor: Editor | null;
  ui: EditorUi | null;
  /** One character a text tool ('1' pressed), then 'T' when the caret is in a table. */
  active: string;
  /** Shown but inert while the document syncs, so the text below does not move when it becomes editable. */
  disabled: boolean;
  onFiles?: (files: File[]) => void;
}

/** Formatting and insert buttons with one Tab stop and arrow keys (role="toolbar"). */
export function ToolbarFrame({ editor, ui, active, disabled, onFiles }: ToolbarFrameProps) {
  const { t } = useI18n();
  const fileInput = useRef<HTMLInputElement>(null);
  const inTable = active.endsWith('T');

  const onFileChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    onFiles?.(files);
  };
  // One Tab stop for the whole toolbar (roving tabindex): the button last moved to, the first at the start.
  const [current, setCurrent] = useState(TEXT_TOOLS[0].id);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('button.tool:not(:disabled)'));
    const next = rovingIndex(event.key, buttons.indexOf(document.activeElement as HTMLButtonElement), buttons.length);
    if (next === null) return;
    event.preventDefault();
    buttons[next].focus();
  };
  // A table tool is gone once the caret leaves the table: the first button is the stop again.
  const stop = inTable || !TABLE_TOOLS.some((tool) => tool.id === current) ? current : TEXT_TOOLS[0].id;
  const roving = (id: string) => ({ tabIndex: id === stop ? 0 : -1, onFocus: () => setCurrent(id) });

  // The name is the full label, in the text (a visually hidden span): the glyph is decoration, so the
  // name never contradicts what is shown (axe: label-content-name-mismatch); the title is the tooltip.
  const button = (tool: Tool, pressed?: boolean) => (
    <button
      key={tool.id}
      type="button"
      className={`tool${tool.short ? ' tool-text' : ''}${tool.className ? ` ${tool.className}` : ''}`}
      title={t(tool.label)}
      aria-pressed={pressed}
      data-testid={`tool-${tool.id}`}
      {...roving(tool.id)}
      // Keep the selection in the text while clicking.
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => {
        if (editor && ui) tool.run(editor, ui);
      }}
    >
      <span aria-hidden="true">{tool.short ? t(tool.short) : tool.glyph}</span>
      <span className="visually-hidden">{t(tool.label)}</span>
    </button>
  );

  return (
    <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')} aria-disabled={disabled || undefined} inert={disabled} onKeyDown={onKeyDown}>
      <div className="tool-group">{TEXT_TOOLS.map((tool, i) => button(tool, active[i] === '1'))}</div>
      <div className="tool-group">
        {INSERT_TOOLS.map((tool) => button(tool))}
        <button
          type="button"
          className="tool"
          title={t('editor.insertImage')}
          data-testid="tool-image"
          {...roving('image')}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => fileInput.current?.click()}
        >
          <span aria-hidden="true">
            <ImageIcon />
          </span>
          <span className="visually-hidden">{t('editor.insertImage')}</span>
        </button>
        <input ref={fileInput} type="file" accept={FIGURE_MIME_TYPES.join(',')} multiple hidden data-testid="image-file" onChange={onFileChange} />
      </div>
      {inTable && (
        <fieldset className="tool-group tool-group-table" aria-label={t('table.tools')}>
          {TABLE_TOOLS.map((tool) => button(tool))}
        </fieldset>
      )}
    </div>
  );
}
