import { useCallback, useRef } from 'react';
import type * as Y from 'yjs';
import type { MetaTextField } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import type { TextElement } from './collab-text-binding';
import { TextFieldView, useGrowToText } from './text-field-frame';
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
  useGrowToText(element, multiline, state.value);
  return (
    <TextFieldView
      id={id}
      label={label}
      testId={testId}
      multiline={multiline}
      maxChars={maxChars}
      length={state.value.length}
      control={{ ref, className, placeholder, maxLength: maxChars, readOnly: readOnly || state.locked !== null, disabled }}
      notice={
        state.locked &&
        !readOnly && (
          <span className="muted" data-testid={`${testId}-locked`} data-reason={state.locked}>
            {t('editor.fieldLocked')}
          </span>
        )
      }
    />
  );
}
