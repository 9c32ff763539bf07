import { useI18n } from '../../i18n/i18n-context';

interface ChangeSummaryProps {
  added: number;
  removed: number;
  changed: number;
  testId?: string;
}

/** "+2 −1 ~3": blocks added, removed and changed, with a spelled-out label for screen readers. */
export function ChangeSummary({ added, removed, changed, testId }: ChangeSummaryProps) {
  const { t } = useI18n();
  const label = t('review.changeSummaryLabel', { added, removed, changed });
  return (
    <span className="change-summary" data-testid={testId} data-added={added} data-removed={removed} data-changed={changed} title={label}>
      <span className="visually-hidden">{label}</span>
      <span aria-hidden="true" className="change-added">
        +{added}
      </span>
      <span aria-hidden="true" className="change-removed">
        −{removed}
      </span>
      <span aria-hidden="true" className="change-changed">
        ~{changed}
      </span>
    </span>
  );
}
