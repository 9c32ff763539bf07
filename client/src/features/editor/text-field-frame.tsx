import { useLayoutEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { CollabTextFieldProps } from './collab-text-field';

/** Whether the browser sizes a textarea to its content (`field-sizing: content`, see editor.css). */
export const FIELD_SIZING = typeof CSS !== 'undefined' && typeof CSS.supports === 'function' && CSS.supports('field-sizing', 'content');

/** CollabTextField's props without the live document's: the text is what the REST API knew (the live document is not in yet). */
type TextFieldFrameProps = Omit<CollabTextFieldProps, 'doc' | 'field' | 'loaded' | 'fallback'> & { value: string };

/**
 * The title or summary field as CollabTextField draws it, before the live session's chunk (Yjs) is in: the same
 * boxes, the text the REST API knew, not editable. Nothing moves when the co-edited field takes its place.
 */
export function TextFieldFrame({ multiline, id, className, testId, label, placeholder, maxChars, value, readOnly, disabled }: TextFieldFrameProps) {
  const { t } = useI18n();
  const element = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  // Grown to its content as CollabTextField grows it, where CSS does not (see FIELD_SIZING).
  // biome-ignore lint/correctness/useExhaustiveDependencies: measured again when the text changes
  useLayoutEffect(() => {
    const el = element.current;
    if (!multiline || !el || FIELD_SIZING) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [multiline, value]);
  const common = {
    id,
    ref: element,
    className,
    'data-testid': testId,
    placeholder,
    value,
    readOnly: true,
    disabled: disabled && !readOnly,
    'aria-describedby': `${id}-count`,
  };
  return (
    <div className="collab-text-field">
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      {multiline ? <textarea rows={1} {...common} /> : <input type="text" {...common} />}
      <p className="field-meta small">
        <span id={`${id}-count`} className="char-count">
          <span aria-hidden="true" data-testid={`${testId}-count`}>
            {value.length} / {maxChars}
          </span>
          <span className="visually-hidden">{t('editor.charCount', { count: value.length, max: maxChars })}</span>
        </span>
      </p>
    </div>
  );
}
