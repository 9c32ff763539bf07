import { type ReactNode, useDeferredValue } from 'react';
import { isRetryable } from '../api/http';
import { useI18n } from '../i18n/i18n-context';
import { errorText } from '../i18n/error-text';
import { ErrorMessage } from './error-message';
import { Loading } from './loading';

interface LoadErrorProps {
  error: unknown;
  /** Offered as "Try again" when the failure may pass (network, server error), never for e.g. "not found". */
  onRetry?: () => void;
}

/** Why something could not be loaded, in the reader's language, with a retry when it can help. */
export function LoadError({ error, onRetry }: LoadErrorProps) {
  const { t } = useI18n();
  const action = onRetry && isRetryable(error) ? { label: t('common.retry'), onClick: onRetry } : undefined;
  return <ErrorMessage action={action}>{errorText(t, error)}</ErrorMessage>;
}

interface ResourceStateProps<T> {
  /** undefined until the first successful load. */
  data: T | undefined;
  error: unknown;
  onRetry: () => void;
  /** Shown above the error (e.g. the page title). */
  errorHeader?: ReactNode;
  /** Shown under the error (e.g. a way back). */
  errorFooter?: ReactNode;
  children: (data: T) => ReactNode;
}

/**
 * A page's three states: its content once data is there (kept on screen when
 * a later refetch fails), else the load error, else "Loading…".
 */
export function ResourceState<T>({ data, error, onRetry, errorHeader, errorFooter, children }: ResourceStateProps<T>) {
  const { t } = useI18n();
  // The content is rendered as a deferred update: in slices that leave the browser free to paint and answer
  // input, not in one task as long as the whole page takes (on a phone, a few hundred milliseconds).
  const shown = useDeferredValue(data);
  if (shown !== undefined) return <>{children(shown)}</>;
  if (error) {
    return (
      <section>
        {errorHeader}
        <LoadError error={error} onRetry={onRetry} />
        {errorFooter}
      </section>
    );
  }
  return <Loading label={t('common.loading')} />;
}
