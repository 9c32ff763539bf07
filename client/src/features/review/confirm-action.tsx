import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { MAX_NOTE_CHARS } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';

interface ConfirmActionProps {
  /** The question, e.g. "Take this entry off the public site?". */
  question: ReactNode;
  confirmLabel: string;
  /** data-testid of the confirming button. */
  confirmTestId: string;
  busy: boolean;
  /** Asks for a note for the audit log (the default); false for an action that records none. */
  withNote?: boolean;
  onConfirm: (note: string) => void;
  /** Cancel or Escape; pair with useConfirmOpener, so focus goes back to the button that asked. */
  onCancel: () => void;
}

/** An inline "are you sure?" with an optional note for the audit log (never a blocking browser dialog). */
export function ConfirmAction({ question, confirmLabel, confirmTestId, busy, withNote = true, onConfirm, onCancel }: ConfirmActionProps) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const noteField = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // Opened by a button that is now hidden or far away: the question takes focus, Escape answers "no".
  useEffect(() => (noteField.current ?? confirmButton.current)?.focus(), []);
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
      {withNote && (
        <label className="field small">
          <span>{t('history.noteOptional')}</span>
          <input ref={noteField} data-testid="confirm-note" value={note} maxLength={MAX_NOTE_CHARS} onChange={(e) => setNote(e.target.value)} />
        </label>
      )}
      <div className="confirm-buttons">
        <button
          ref={confirmButton}
          type="button"
          className="button small danger"
          data-testid={confirmTestId}
          disabled={busy}
          onClick={() => onConfirm(note.trim())}
        >
          {confirmLabel}
        </button>
        <button type="button" className="button small" data-testid="confirm-cancel" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

export interface ConfirmOpener {
  /** Call when the confirm opened by the button `key` closes unanswered (Cancel, Escape). */
  cancelled: (key: string) => void;
  /** The ref of the button `key`, which takes focus if its confirm was just cancelled. */
  ref: (key: string) => (el: HTMLElement | null) => void;
}

/**
 * Focus back to the button that opened a confirm once the confirm closes
 * unanswered, not to <body>: the confirm takes that button's place, so the
 * button is a new element when it comes back, and it takes focus as it mounts.
 */
export function useConfirmOpener(): ConfirmOpener {
  const returning = useRef<string | null>(null);
  return useMemo(
    () => ({
      cancelled: (key) => {
        returning.current = key;
      },
      ref: (key) => (el) => {
        if (!el || returning.current !== key) return;
        returning.current = null;
        el.focus();
      },
    }),
    [],
  );
}
