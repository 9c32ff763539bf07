import { useId, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Editor } from '@tiptap/core';
import { IMAGE_NODE } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import type { EditorPanel, EditorUi } from './editor-ui';
import { isHubFileUrl } from './figure-node';
import { resolveNode } from './tracked-position';

type FigurePanelState = Extract<EditorPanel, { kind: 'figure' }>;

interface FigureForm {
  alt: string;
  title: string;
  caption: string;
  credit: string;
  width: string;
  height: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
function size(value: string): number | null {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** A figure's alt text (required to submit), title, caption, credit line and size. */
export function FigurePanel({ editor, ui, panel }: { editor: Editor; ui: EditorUi; panel: FigurePanelState }) {
  const { t } = useI18n();
  const id = useId();
  const initial = useMemo(() => {
    const pos = resolveNode(editor.state, panel.target, IMAGE_NODE);
    return pos === null ? null : editor.state.doc.nodeAt(pos)?.attrs;
  }, [editor, panel.target]);
  const [form, setForm] = useState<FigureForm>(() => ({
    alt: text(initial?.alt),
    title: text(initial?.title),
    caption: text(initial?.caption),
    credit: text(initial?.credit),
    width: text(initial?.width),
    height: text(initial?.height),
  }));

  const close = () => {
    ui.close();
    editor.commands.focus();
  };

  /** The figure's position now, or null when someone deleted it meanwhile (said so). */
  const currentPos = (): number | null => {
    const pos = resolveNode(editor.state, panel.target, IMAGE_NODE);
    if (pos === null) ui.notify(t('figure.gone'));
    return pos;
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const pos = currentPos();
    if (pos !== null) {
      const attrs = {
        alt: orNull(form.alt),
        title: orNull(form.title),
        caption: orNull(form.caption),
        credit: orNull(form.credit),
        width: size(form.width),
        height: size(form.height),
      };
      editor
        .chain()
        .focus()
        .command(({ tr }) => {
          tr.setNodeMarkup(pos, undefined, { ...tr.doc.nodeAt(pos)?.attrs, ...attrs });
          return true;
        })
        .run();
    }
    ui.close();
  };

  const remove = () => {
    const pos = currentPos();
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

  if (!initial) {
    return (
      <div className="editor-panel" role="dialog" aria-label={t('figure.title')}>
        <p className="small">{t('figure.gone')}</p>
        <button type="button" className="button small" onClick={close}>
          {t('common.cancel')}
        </button>
      </div>
    );
  }

  const field = (name: keyof FigureForm, label: string, options: { multiline?: boolean; type?: string; hint?: string } = {}) => (
    <label className={`field figure-field-${name}`} htmlFor={`${id}-${name}`}>
      <span>{label}</span>
      {options.multiline ? (
        <textarea
          id={`${id}-${name}`}
          data-testid={`figure-${name}`}
          rows={2}
          value={form[name]}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        />
      ) : (
        <input
          id={`${id}-${name}`}
          data-testid={`figure-${name}`}
          type={options.type ?? 'text'}
          min={options.type === 'number' ? 1 : undefined}
          value={form[name]}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        />
      )}
      {options.hint && <span className="small">{options.hint}</span>}
    </label>
  );

  const altMissing = form.alt.trim() === '';
  const src = initial.src;
  return (
    <form
      className="editor-panel figure-panel"
      role="dialog"
      aria-label={t('figure.title')}
      data-testid="figure-panel"
      onSubmit={save}
      onKeyDown={(event: KeyboardEvent) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      }}
    >
      <div className="figure-panel-body">
        {isHubFileUrl(src) && <img className="figure-panel-thumb" src={src} alt="" />}
        <div className="figure-panel-fields">
          <label className="field figure-field-alt" htmlFor={`${id}-alt`}>
            <span>{t('figure.alt')}</span>
            <textarea
              id={`${id}-alt`}
              data-testid="figure-alt"
              rows={2}
              // biome-ignore lint/a11y/noAutofocus: the panel opens for writing the alt text
              autoFocus
              aria-invalid={altMissing}
              value={form.alt}
              onChange={(e) => setForm({ ...form, alt: e.target.value })}
            />
            <span className={altMissing ? 'figure-alt-warning small' : 'small'}>{altMissing ? t('figure.altRequired') : t('figure.altHint')}</span>
          </label>
          {field('caption', t('figure.caption'), { multiline: true })}
          {field('credit', t('figure.credit'), { hint: t('figure.creditHint') })}
          {field('title', t('figure.titleAttr'))}
          <div className="panel-row">
            {field('width', t('figure.width'), { type: 'number' })}
            {field('height', t('figure.height'), { type: 'number' })}
          </div>
        </div>
      </div>
      <div className="panel-row">
        <button type="submit" className="button small primary" data-testid="figure-save">
          {t('figure.save')}
        </button>
        <button type="button" className="button small danger" data-testid="figure-remove" onClick={remove}>
          {t('figure.remove')}
        </button>
        <button type="button" className="button small" onClick={close}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
