// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthProvidersDto } from '@knowledge-hub/shared';
import { createQueryClient } from '../../api/query-client';
import { I18nProvider } from '../../i18n/i18n-context';
import { LoginPage } from './login-page';
import { SessionProvider } from './session-context';

/** Resolves once the stubbed API has answered GET /api/auth/providers. */
let providersAnswered: Promise<void>;

function stubProviders(providers: AuthProvidersDto) {
  let answered = () => {};
  providersAnswered = new Promise((resolve) => {
    answered = resolve;
  });
  vi.stubGlobal('fetch', async (path: string) => {
    if (path === '/api/auth/providers') setTimeout(answered, 0);
    const body = path === '/api/auth/providers' ? providers : { statusCode: 401, code: 'unauthenticated', message: 'Sign in' };
    return new Response(JSON.stringify(body), { status: path === '/api/auth/providers' ? 200 : 401, headers: { 'content-type': 'application/json' } });
  });
}

function renderLogin(path: string) {
  render(
    <I18nProvider>
      <QueryClientProvider client={createQueryClient()}>
        <SessionProvider>
          <MemoryRouter initialEntries={[path]}>
            <LoginPage expired={false} />
          </MemoryRouter>
        </SessionProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

beforeEach(() => {
  window.localStorage.setItem('knowledge-hub.lang', 'en');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the login page and the OpenID provider', () => {
  it('offers "Sign in with <label>", returning to where the reader was going', async () => {
    stubProviders({ oidc: { label: 'ORCID' } });
    renderLogin('/login?next=%2Fg%2Fvaccines');
    const link = await screen.findByTestId('oidc-sign-in');
    expect(link.textContent).toBe('Sign in with ORCID');
    expect(link.getAttribute('href')).toBe('/api/auth/oidc/start?next=%2Fapp%2Fg%2Fvaccines');
  });

  it('never passes on a next that leaves the site', async () => {
    stubProviders({ oidc: { label: 'ORCID' } });
    renderLogin('/login?next=%2F%2Fevil.com');
    expect((await screen.findByTestId('oidc-sign-in')).getAttribute('href')).toBe('/api/auth/oidc/start?next=%2Fapp%2F');
  });

  it('shows no such button when the server has no provider', async () => {
    stubProviders({ oidc: null });
    renderLogin('/login');
    await screen.findByTestId('login-email');
    await act(() => providersAnswered);
    expect(screen.queryByTestId('oidc-sign-in')).toBeNull();
  });
});
