import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';
import { TABLE_NODE } from '@knowledge-hub/shared';
import type { EditorUi } from './editor-ui';
import { startFigureUpload } from './figure-upload-plugin';
import { TEXT_TOOLS, ToolbarFrame } from './toolbar-frame';

interface EditorToolbarProps {
  editor: Editor;
  ui: EditorUi;
  entryId: string;
  /** Shown but inert while the document syncs, so the text below does not move when it becomes editable. */
  disabled?: boolean;
}

/** The toolbar on a live editor: only the active-state bits re-render on selection change. */
export function EditorToolbar({ editor, ui, entryId, disabled = false }: EditorToolbarProps) {
  // A string, so the toolbar re-renders only when an active state really changes.
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => `${TEXT_TOOLS.map((tool) => (tool.isActive?.(e) ? '1' : '0')).join('')}${e.isActive(TABLE_NODE) ? 'T' : ''}`,
  });
  const onFiles = (files: File[]) => {
    for (const file of files) startFigureUpload(editor, ui, entryId, file, editor.state.selection.from);
  };
  return <ToolbarFrame editor={editor} ui={ui} active={active} disabled={disabled} onFiles={onFiles} />;
}
