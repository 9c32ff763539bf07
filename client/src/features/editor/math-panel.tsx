import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Editor } from '@tiptap/core';
import { BLOCK_MATH_NODE, INLINE_MATH_NODE } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import type { EditorPanel, EditorUi } from './editor-ui';
import { katexIfLoaded, loadKatex } from '../math/katex-load';
import { renderLatex } from './math-nodes';
import { resolveNode } from './tracked-position';

type MathPanelState = Extract<EditorPanel, { kind: 'math' }>;

/** Writing or editing a formula's LaTeX, with KaTeX's rendering (or its complaint) as one types. */
export function MathPanel({ editor, ui, panel }: { editor: Editor; ui: EditorUi; panel: MathPanelState }) {
  const { t } = useI18n();
  const fieldId = useId();
  const [latex, setLatex] = useState(panel.latex);
  const [problem, setProblem] = useState<string | null>(null);
  const preview = useRef<HTMLDivElement>(null);
  const typeName = panel.display ? BLOCK_MATH_NODE : INLINE_MATH_NODE;
  // KaTeX, if this session has not loaded it yet (no formula in the document): the preview comes once it is in.
  const [katexIn, setKatexIn] = useState(() => katexIfLoaded() !== null);
  const [katexFailed, setKatexFailed] = useState(false);
  useEffect(() => {
    if (katexIn) return;
    let live = true;
    loadKatex()
      .then(() => live && setKatexIn(true))
      .catch(() => live && setKatexFailed(true));
    return () => {
      live = false;
    };
  }, [katexIn]);

  useEffect(() => {
    if (!preview.current || !katexIn) return;
    if (latex.trim() === '') {
      preview.current.replaceChildren();
      setProblem(null);
      return;
    }
    setProblem(renderLatex(latex, preview.current, panel.display));
  }, [latex, panel.display, katexIn]);

  const close = () => {
    ui.close();
    editor.commands.focus();
  };

  /** The formula being edited, or null when someone deleted it meanwhile (said so). */
  const editedPos = (): number | null => {
    if (!panel.target) return null;
    const pos = resolveNode(editor.state, panel.target, typeName);
    if (pos === null) ui.notify(t('math.gone'));
    return pos;
  };

  const save = () => {
    const value = latex.trim();
    if (!value) return;
    if (panel.target) {
      const pos = editedPos();
      if (pos !== null) {
        editor
          .chain()
          .focus()
          .command(({ tr }) => {
            tr.setNodeMarkup(pos, undefined, { ...tr.doc.nodeAt(pos)?.attrs, latex: value });
            return true;
          })
          .run();
      }
    } else if (panel.display) {
      editor.chain().focus().insertBlockMath({ latex: value }).run();
    } else {
      editor.chain().focus().insertInlineMath({ latex: value }).run();
    }
    ui.close();
  };

  const remove = () => {
    const pos = editedPos();
    if (pos !== null) {
      const node = editor.state.doc.nodeAt(pos);
      if (node)
        editor
          .chain()
          .focus()
          .deleteRange({ from: pos, to: pos + node.nodeSize })
          .run();
    }
    ui.close();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    }
  };

  return (
    <div
      className="editor-panel math-panel"
      role="dialog"
      aria-label={t(panel.display ? 'math.blockTitle' : 'math.inlineTitle')}
      data-testid="math-panel"
      onKeyDown={onKeyDown}
    >
      <label htmlFor={fieldId} className="panel-label">
        {t(panel.display ? 'math.blockTitle' : 'math.inlineTitle')}
      </label>
      <textarea
        id={fieldId}
        className="math-input"
        data-testid="math-input"
        // biome-ignore lint/a11y/noAutofocus: the panel opens for typing the formula
        autoFocus
        rows={panel.display ? 3 : 2}
        spellCheck={false}
        value={latex}
        placeholder={t('math.placeholder')}
        onChange={(event) => setLatex(event.target.value)}
      />
      <div
        className={`math-preview${panel.display ? ' math-preview-block' : ''}`}
        ref={preview}
        data-testid="math-preview"
        aria-live="polite"
        hidden={problem !== null}
      />
      {problem !== null && (
        <p className="error small" data-testid="math-error">
          {t('math.invalid')}: {problem}
        </p>
      )}
      {katexFailed && !katexIn && (
        <p className="muted small" data-testid="math-preview-unavailable">
          {t('math.unavailable')}
        </p>
      )}
      <div className="panel-row">
        <button type="button" className="button small primary" data-testid="math-save" disabled={latex.trim() === ''} onClick={save}>
          {panel.target ? t('math.save') : t('math.insert')}
        </button>
        {panel.target && (
          <button type="button" className="button small danger" data-testid="math-delete" onClick={remove}>
            {t('math.delete')}
          </button>
        )}
        <button type="button" className="button small" onClick={close}>
          {t('common.cancel')}
        </button>
        <span className="muted small">{t('math.hint')}</span>
      </div>
    </div>
  );
}
