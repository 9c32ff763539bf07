import { useEffect, useRef, useState, type ReactNode } from 'react';
import { MAX_NOTE_CHARS } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';

interface ConfirmActionProps {
  /** The question, e.g. "Take this entry off the public site?". */
  question: ReactNode;
  confirmLabel: string;
  /** data-testid of the confirming button. */
  confirmTestId: string;
  busy: boolean;
  onConfirm: (note: string) => void;
  onCancel: () => void;
}

/** An inline "are you sure?" with an optional note for the audit log (never a blocking browser dialog). */
export function ConfirmAction({ question, confirmLabel, confirmTestId, busy, onConfirm, onCancel }: ConfirmActionProps) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const noteField = useRef<HTMLInputElement>(null);
  // Opened by a button that is now hidden or far away: the question takes focus, Escape answers "no".
  useEffect(() => noteField.current?.focus(), []);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> would bring its own border and padding
    <div
      className="confirm"
      role="group"
      data-testid="confirm-action"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <p className="small">{question}</p>
      <label className="field small">
        <span>{t('history.noteOptional')}</span>
        <input ref={noteField} data-testid="confirm-note" value={note} maxLength={MAX_NOTE_CHARS} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="confirm-buttons">
        <button type="button" className="button small danger" data-testid={confirmTestId} disabled={busy} onClick={() => onConfirm(note.trim())}>
          {confirmLabel}
        </button>
        <button type="button" className="button small" data-testid="confirm-cancel" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
