import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import './people-manage.css';

interface CopyFieldProps {
  value: string;
  /** The field's accessible name. */
  label: string;
  /** data-testid of the field; its Copy button gets `${testId}-copy`. */
  testId: string;
}

/** A secret or link shown once: copied to the clipboard, or selected for a manual copy where the clipboard is refused. */
export function CopyField({ value, label, testId }: CopyFieldProps) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'manual' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied('manual');
    }
  };
  return (
    <div className="copy-field">
      <input ref={input} data-testid={testId} readOnly value={value} onFocus={(e) => e.target.select()} aria-label={label} />
      <button type="button" className="button small" data-testid={`${testId}-copy`} onClick={() => void copy()}>
        {t('people.copy')}
      </button>
      {copied === 'yes' && <span className="muted small">{t('invite.copied')}</span>}
      {copied === 'manual' && <span className="muted small">{t('invite.copyManually')}</span>}
    </div>
  );
}
