// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type UserDto, workspacePageHints } from '@knowledge-hub/shared';
import { createQueryClient } from '../api/query-client';
import { queryKeys } from '../api/query-keys';
import { SessionProvider } from '../features/auth/session-context';
import { I18nProvider } from '../i18n/i18n-context';
import { AppRoutes, preloadRoute } from './routes';

const ALICE: UserDto = { id: 'u-alice', email: 'alice@demo.hub', name: 'Alice Chen', roles: ['contributor:vaccines', 'moderator:tcm'] } as UserDto;

/** What the stubbed REST API answers, by path; anything else is a 404. */
type Api = Record<string, unknown>;
let requested: string[];

function stubApi(me: UserDto | null, api: Api = {}) {
  vi.stubGlobal('fetch', async (path: string) => {
    requested.push(path);
    if (path === '/api/auth/session') return json(200, { user: me });
    if (path in api) return json(200, api[path]);
    return json(404, { statusCode: 404, code: 'not_found', message: 'Not found' });
  });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** The app's route table in memory at `path` (no basename: the paths inside /app). */
function renderAt(path: string) {
  render(
    <I18nProvider>
      <QueryClientProvider client={createQueryClient()}>
        <SessionProvider>
          <MemoryRouter initialEntries={[path]}>
            <AppRoutes />
            <Where />
          </MemoryRouter>
        </SessionProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

/** The router's current location, for assertions on redirects. */
function Where() {
  const { pathname, search } = useLocation();
  return <output data-testid="where">{pathname + search}</output>;
}

const where = () => screen.getByTestId('where').textContent;

beforeEach(() => {
  requested = [];
  window.localStorage.setItem('knowledge-hub.lang', 'en');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the route table', () => {
  it('shows a bad-link page for a path that does not decode, and asks the API nothing about it', async () => {
    // The router warns that it matches such a path undecoded.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    stubApi(ALICE);
    renderAt('/e/%E0');
    expect(await screen.findByTestId('bad-link')).toHaveProperty('textContent', expect.stringContaining('This link is broken'));
    expect(requested.filter((p) => p.startsWith('/api/entries'))).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not be decoded'));
  });

  it('sends a signed-out reader to sign in, remembering where they were going', async () => {
    stubApi(null);
    renderAt('/g/vaccines');
    await screen.findByTestId('login-email');
    expect(where()).toBe('/login?next=%2Fg%2Fvaccines');
  });

  it('sends a signed-in reader from /login to ?next=, but never off the app', async () => {
    stubApi(ALICE, { '/api/groups': [] });
    renderAt('/login?next=%2F%2Fevil.example');
    await waitFor(() => expect(where()).toBe('/'));
    await screen.findByText('Knowledge groups');
  });

  it('decodes an id from the URL once before asking the API for it', async () => {
    stubApi(ALICE);
    renderAt('/g/vac%20cines');
    await screen.findByTestId('error-message');
    expect(requested).toContain('/api/groups/vac%20cines');
  });

  it('shows "not found" for an unknown path', async () => {
    stubApi(ALICE);
    renderAt('/no/such/page');
    expect(await screen.findByTestId('not-found')).toHaveProperty('textContent', expect.stringContaining('Page not found'));
  });

  it('catches a page that throws: a readable error and a reload button, the header still there', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Not a list: the groups page fails while rendering it.
    stubApi(ALICE, { '/api/groups': { unexpected: true } });
    renderAt('/');
    const crash = await screen.findByTestId('route-error');
    expect(crash.textContent).toContain('Something went wrong');
    expect(screen.getByRole('button', { name: 'Reload the page' })).toBeTruthy();
    expect(screen.getByTestId('route-error-detail').textContent).toMatch(/map is not a function/);
    expect(screen.getByTestId('current-user').textContent).toBe('Alice Chen');
  });

  it('recovers from a failed page when the reader goes elsewhere', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    stubApi(ALICE, { '/api/groups': { unexpected: true } });
    renderAt('/');
    await screen.findByTestId('route-error');
    fireEvent.click(screen.getByRole('link', { name: 'Review queue' }));
    expect(await screen.findByText('Review queue', { selector: 'h1' })).toBeTruthy();
    expect(screen.queryByTestId('route-error')).toBeNull();
  });
});

describe("preloadRoute (a load's first reads) and the server's preload links (workspacePageHints)", () => {
  const ID = '6f2215c6-b20c-4727-a13d-d1978dc9eddc';

  it.each([`/app/e/${ID}`, `/app/review/${ID}`, '/app/review', '/app/account', '/app/admin', '/app/notifications'])(
    '%s: the page asks for exactly the reads the server names in its HTML, so the browser hands it the preloaded ones',
    async (path) => {
      // An entry with a published revision, and that revision: its text is asked for once, not again once the entry says which it is.
      stubApi(ALICE, {
        [`/api/entries/${ID}`]: { id: ID, publishedRevisionId: 'r-1' },
        [`/api/entries/${ID}/published?optional=true`]: { revisionId: 'r-1', pmJson: { type: 'doc' }, html: '' },
      });
      preloadRoute(path, createQueryClient(), true);
      const hints = workspacePageHints(path);
      expect(hints).not.toBeNull();
      // fetch is called within the first microtasks (after the entry's answer, the published revision's is not asked again).
      await waitFor(() => expect(requested.length).toBeGreaterThanOrEqual(hints?.reads.length ?? 0));
      await new Promise((r) => setTimeout(r, 20));
      expect([...requested].sort()).toEqual([...(hints?.reads ?? [])].sort());
    },
  );

  it('keeps the published text under the entry’s id as the API writes it, for an address that writes it in capitals', async () => {
    const caps = ID.toUpperCase();
    stubApi(ALICE, {
      [`/api/entries/${caps}`]: { id: ID, publishedRevisionId: 'r-1' },
      [`/api/entries/${caps}/published?optional=true`]: { revisionId: 'r-1', pmJson: { type: 'doc' }, html: '<p>Hi</p>' },
    });
    const queryClient = createQueryClient();
    preloadRoute(`/app/e/${caps}`, queryClient, true);
    // The page (its entry from the API: lower case) finds it there instead of asking again.
    await waitFor(() => expect(queryClient.getQueryData(queryKeys.entryPublished(ID, 'r-1'))).toEqual(expect.objectContaining({ html: '<p>Hi</p>' })));
    expect(requested).toEqual(workspacePageHints(`/app/e/${caps}`)?.reads);
  });
});
