import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import './people-manage.css';

interface ConfirmButtonProps {
  label: string;
  /** The question asked before acting, e.g. "Disable Bob's account?". */
  question: string;
  /** data-testid of the first button; the confirming one is `${testId}-confirm`. */
  testId: string;
  danger?: boolean;
  busy: boolean;
  onConfirm: () => void;
}

/** A button that asks once, inline, before it acts (never a blocking browser dialog). */
export function ConfirmButton({ label, question, testId, danger = false, busy, onConfirm }: ConfirmButtonProps) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Focus follows the question: to its confirming button when asked, back to the first button when cancelled.
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (asked.current) opener.current?.focus();
    asked.current = asking;
  }, [asking]);
  const tone = danger ? 'button small danger' : 'button small';
  if (!asking) {
    return (
      <button ref={opener} type="button" className={tone} data-testid={testId} disabled={busy} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> would bring its own border and padding
    <span
      className="confirm-inline"
      role="group"
      aria-label={question}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          setAsking(false);
        }
      }}
    >
      <span className="small">{question}</span>
      <button
        ref={confirm}
        type="button"
        className={danger ? 'button small primary danger' : 'button small primary'}
        data-testid={`${testId}-confirm`}
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {label}
      </button>
      <button type="button" className="button small" disabled={busy} onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
