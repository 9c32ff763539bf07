import { type ReactNode, type RefObject, useLayoutEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { CollabTextFieldProps } from './collab-text-field';

/** Whether the browser sizes a textarea to its content (`field-sizing: content`, see editor.css). */
export const FIELD_SIZING = typeof CSS !== 'undefined' && typeof CSS.supports === 'function' && CSS.supports('field-sizing', 'content');

/** CollabTextField's props without the live document's: the text is what the REST API knew (the live document is not in yet). */
type TextFieldFrameProps = Omit<CollabTextFieldProps, 'doc' | 'field' | 'loaded' | 'fallback'> & { value: string };

interface TextFieldViewProps {
  id: string;
  label: string;
  testId: string;
  multiline: boolean;
  maxChars: number;
  /** The text's length, counted against maxChars. */
  length: number;
  /** The input's or textarea's own attributes. */
  control: Record<string, unknown>;
  /** Said beside the count (e.g. that the field is locked). */
  notice?: ReactNode;
}

/** A title or summary field: its label, the input (or a textarea, growing with its text) and its character count. */
export function TextFieldView({ id, label, testId, multiline, maxChars, length, control, notice }: TextFieldViewProps) {
  const { t } = useI18n();
  const over = length > maxChars;
  const common = { ...control, id, 'data-testid': testId, 'aria-describedby': `${id}-count`, 'aria-invalid': over || undefined };
  return (
    <div className="collab-text-field">
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      {multiline ? <textarea rows={1} {...common} /> : <input type="text" {...common} />}
      <p className="field-meta small">
        {notice}
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

/**
 * Grows a textarea to its text where CSS does not (FIELD_SIZING), once `value` is what it shows. Measuring forces a
 * layout of the whole page, the published text included: on a phone, a long task before the first paint.
 */
export function useGrowToText(element: RefObject<HTMLInputElement | HTMLTextAreaElement | null>, multiline: boolean, value: string): void {
  useLayoutEffect(() => {
    const el = element.current;
    if (!multiline || !el || el.value !== value || FIELD_SIZING) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [element, multiline, value]);
}

/**
 * The title or summary field as CollabTextField draws it, before the live session's chunk (Yjs) is in: the same
 * boxes, the text the REST API knew, not editable. Nothing moves when the co-edited field takes its place.
 */
export function TextFieldFrame({ multiline, id, className, testId, label, placeholder, maxChars, value, readOnly, disabled }: TextFieldFrameProps) {
  const element = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  useGrowToText(element, multiline, value);
  return (
    <TextFieldView
      id={id}
      label={label}
      testId={testId}
      multiline={multiline}
      maxChars={maxChars}
      length={value.length}
      control={{ ref: element, className, placeholder, value, readOnly: true, disabled: disabled && !readOnly }}
    />
  );
}
