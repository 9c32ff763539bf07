// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http';
import { I18nProvider } from '../i18n/i18n-context';
import { LoadError, ResourceState } from './load-error';

beforeEach(() => window.localStorage.setItem('knowledge-hub.lang', 'en'));
afterEach(cleanup);

const offline = new ApiError(0, 'network_error', 'Failed to fetch');
const missing = new ApiError(404, 'entry_not_found', 'no entry');

describe('LoadError', () => {
  it('says what failed and offers "Try again" when trying again may help', () => {
    const retry = vi.fn();
    render(
      <I18nProvider>
        <LoadError error={offline} onRetry={retry} />
      </I18nProvider>,
    );
    expect(screen.getByRole('alert').textContent).toContain('Cannot reach the server');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('offers no retry for a refusal such as "not found"', () => {
    render(
      <I18nProvider>
        <LoadError error={missing} onRetry={() => undefined} />
      </I18nProvider>,
    );
    expect(screen.getByRole('alert').textContent).toBe('This entry does not exist.');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('speaks the reader’s language (its texts are a chunk of their own, in once loaded)', async () => {
    window.localStorage.setItem('knowledge-hub.lang', 'zh');
    render(
      <I18nProvider>
        <LoadError error={offline} onRetry={() => undefined} />
      </I18nProvider>,
    );
    expect((await screen.findByRole('button', { name: '重试' })).textContent).toBe('重试');
  });
});

describe('ResourceState', () => {
  const page = (props: { data: string[] | undefined; error: unknown }) => (
    <I18nProvider>
      <ResourceState data={props.data} error={props.error} onRetry={() => undefined} errorFooter={<a href="/app/">back</a>}>
        {(items) => <p data-testid="content">{items.join(', ')}</p>}
      </ResourceState>
    </I18nProvider>
  );

  it('shows "Loading…" first, then the content', () => {
    const { rerender } = render(page({ data: undefined, error: null }));
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    rerender(page({ data: ['fever', 'cough'], error: null }));
    expect(screen.getByTestId('content').textContent).toBe('fever, cough');
  });

  it('shows the error with its footer when nothing could be loaded', () => {
    render(page({ data: undefined, error: offline }));
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'back' })).toBeTruthy();
  });

  it('keeps loaded content on screen when a later refetch fails', () => {
    render(page({ data: ['fever'], error: offline }));
    expect(screen.getByTestId('content').textContent).toBe('fever');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
