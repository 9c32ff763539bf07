import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { errorText } from '../i18n/error-text';

interface RouteErrorBoundaryProps {
  /** A new value (the next page's path) clears a caught error, so navigating away recovers. */
  resetKey: string;
  children: ReactNode;
}

interface RouteErrorBoundaryState {
  error: unknown;
  /** The resetKey the error was caught under. */
  key: string;
}

/**
 * The error boundary around the routes: a page that throws while rendering
 * (or whose code chunk fails to load after a deploy) shows what happened and
 * a reload button instead of a blank window.
 */
export class RouteErrorBoundary extends Component<RouteErrorBoundaryProps, RouteErrorBoundaryState> {
  state: RouteErrorBoundaryState = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<RouteErrorBoundaryState> {
    // Never null: a thrown null or undefined is an error too.
    return { error: error ?? new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: RouteErrorBoundaryProps, state: RouteErrorBoundaryState): Partial<RouteErrorBoundaryState> | null {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('A page failed to render', error, info.componentStack);
  }

  render() {
    return this.state.error ? <RouteError error={this.state.error} /> : this.props.children;
  }
}

function RouteError({ error }: { error: unknown }) {
  const { t } = useI18n();
  return (
    <section className="route-error" role="alert" data-testid="route-error">
      <h1>{t('crash.title')}</h1>
      <p>{t('crash.body')}</p>
      <p className="muted small" data-testid="route-error-detail">
        {errorText(t, error)}
      </p>
      <button type="button" className="button primary" onClick={() => window.location.reload()}>
        {t('crash.reload')}
      </button>
    </section>
  );
}
