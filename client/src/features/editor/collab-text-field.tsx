import { useCallback, useLayoutEffect, useRef } from 'react';
import type * as Y from 'yjs';
import type { MetaTextField } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import type { TextElement } from './collab-text-binding';
import { FIELD_SIZING } from './text-field-frame';
import { useCollabText } from './use-collab-text';

export interface CollabTextFieldProps {
  doc: Y.Doc;
  field: MetaTextField;
  /** One line (<input>) or several (<textarea> that grows with its content). */
  multiline: boolean;
  id: string;
  className: string;
  testId: string;
  label: string;
  placeholder: string;
  /** Counted against by the counter; the server refuses to submit more (title_too_long / summary_too_long). */
  maxChars: number;
  /** The document has been loaded from the server at least once. */
  loaded: boolean;
  /** Shown until the document has loaded. */
  fallback: string;
  readOnly: boolean;
  disabled: boolean;
}

/** The title or summary of the entry, co-edited live, with a character counter. */
export function CollabTextField({
  doc,
  field,
  multiline,
  id,
  className,
  testId,
  label,
  placeholder,
  maxChars,
  loaded,
  fallback,
  readOnly,
  disabled,
}: CollabTextFieldProps) {
  const { t } = useI18n();
  const [bind, state] = useCollabText(doc, field, loaded, fallback);
  const element = useRef<TextElement | null>(null);
  const ref = useCallback(
    (el: TextElement | null) => {
      element.current = el;
      bind(el);
    },
    [bind],
  );
  const length = state.value.length;
  const over = length > maxChars;

  // The summary grows with its content: by CSS (field-sizing) where supported, else measured here. Measuring
  // forces a layout of the whole page, the published text included: on a phone, a long task before the first paint.
  useLayoutEffect(() => {
    const el = element.current;
    if (!multiline || !el || el.value !== state.value || FIELD_SIZING) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [multiline, state.value]);

  const common = {
    id,
    ref,
    className,
    'data-testid': testId,
    placeholder,
    maxLength: maxChars,
    readOnly: readOnly || state.locked !== null,
    disabled,
    'aria-describedby': `${id}-count`,
    'aria-invalid': over || undefined,
  };
  return (
    <div className="collab-text-field">
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      {multiline ? <textarea rows={1} {...common} /> : <input type="text" {...common} />}
      <p className="field-meta small">
        {state.locked && !readOnly && (
          <span className="muted" data-testid={`${testId}-locked`} data-reason={state.locked}>
            {t('editor.fieldLocked')}
          </span>
        )}
        <span id={`${id}-count`} className={over ? 'char-count over' : 'char-count'}>
          <span aria-hidden="true" data-testid={`${testId}-count`}>
            {length} / {maxChars}
          </span>
          <span className="visually-hidden">{t('editor.charCount', { count: length, max: maxChars })}</span>
        </span>
      </p>
    </div>
  );
}
