import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/en';

interface Tool {
  label: MessageKey;
  glyph: string;
  isActive: (editor: Editor) => boolean;
  run: (editor: Editor) => void;
}

const TOOLS: Tool[] = [
  { label: 'editor.bold', glyph: 'B', isActive: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
  { label: 'editor.italic', glyph: 'I', isActive: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
  {
    label: 'editor.heading',
    glyph: 'H',
    isActive: (e) => e.isActive('heading', { level: 2 }),
    run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
  },
  { label: 'editor.bulletList', glyph: '•', isActive: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
  { label: 'editor.orderedList', glyph: '1.', isActive: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
  { label: 'editor.quote', glyph: '❝', isActive: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
];

/** A few formatting buttons; only the active-state bits re-render on selection change. */
export function EditorToolbar({ editor }: { editor: Editor }) {
  const { t } = useI18n();
  // A string, so the toolbar re-renders only when an active state really changes.
  const active = useEditorState({ editor, selector: ({ editor: e }) => TOOLS.map((tool) => (tool.isActive(e) ? '1' : '0')).join('') });

  return (
    <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
      {TOOLS.map((tool, i) => (
        <button
          key={tool.label}
          type="button"
          className={`tool${tool.glyph === 'B' ? ' tool-bold' : ''}${tool.glyph === 'I' ? ' tool-italic' : ''}`}
          title={t(tool.label)}
          aria-label={t(tool.label)}
          aria-pressed={active[i] === '1'}
          // Keep the selection in the text while clicking.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => tool.run(editor)}
        >
          {tool.glyph}
        </button>
      ))}
    </div>
  );
}
