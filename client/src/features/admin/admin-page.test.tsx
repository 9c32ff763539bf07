// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminUsersPage, AuditLogItemDto, UserDto } from '@knowledge-hub/shared';
import { createQueryClient } from '../../api/query-client';
import { AppRoutes } from '../../app/routes';
import { I18nProvider } from '../../i18n/i18n-context';
import { SessionProvider } from '../auth/session-context';

const ADA: UserDto = { id: 'u-ada', email: 'admin@demo.hub', name: 'Ada Admin', roles: ['admin'] };
const ALICE: UserDto = { id: 'u-alice', email: 'alice@demo.hub', name: 'Alice Chen', roles: ['contributor:vaccines'] };

const USERS: AdminUsersPage = {
  users: [
    {
      id: 'u-ada',
      name: 'Ada Admin',
      email: 'admin@demo.hub',
      isAdmin: true,
      disabled: false,
      lastSeenAt: null,
      groups: [],
    },
    {
      id: 'u-bob',
      name: 'Bob Okafor',
      email: 'bob@demo.hub',
      isAdmin: false,
      disabled: false,
      lastSeenAt: '2026-01-02T10:00:00.000Z',
      groups: [{ slug: 'vaccines', name: 'Vaccines', role: 'contributor' }],
    },
  ],
  page: 1,
  pageSize: 50,
  total: 2,
};

interface Call {
  method: string;
  path: string;
  body: unknown;
}
let calls: Call[];

/** The stubbed API: who is signed in, the users page, and an answer per "METHOD path" (else 404). */
function stubApi(me: UserDto, answers: Record<string, [number, unknown]> = {}) {
  vi.stubGlobal('fetch', async (path: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    calls.push({ method, path, body: init.body ? JSON.parse(String(init.body)) : undefined });
    if (path === '/api/auth/session') return json(200, { user: me });
    if (method === 'GET' && path.startsWith('/api/admin/users?')) return json(200, USERS);
    const answer = answers[`${method} ${path}`];
    if (answer) return json(answer[0], answer[1]);
    return json(404, { statusCode: 404, code: 'not_found', message: 'Not found' });
  });
}

function json(status: number, body: unknown): Response {
  return status === 204 ? new Response(null, { status }) : new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function renderAt(path: string) {
  render(
    <I18nProvider>
      <QueryClientProvider client={createQueryClient()}>
        <SessionProvider>
          <MemoryRouter initialEntries={[path]}>
            <AppRoutes />
          </MemoryRouter>
        </SessionProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

async function bobRow(): Promise<HTMLElement> {
  const rows = await screen.findAllByTestId('admin-user-row');
  const row = rows.find((r) => r.dataset.email === 'bob@demo.hub');
  if (!row) throw new Error('no row for bob');
  return row;
}

beforeEach(() => {
  calls = [];
  window.localStorage.setItem('knowledge-hub.lang', 'en');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the admin console', () => {
  it('tells a non-admin they are not allowed, and asks the admin API nothing', async () => {
    stubApi(ALICE);
    renderAt('/admin');
    expect((await screen.findByTestId('admin-not-allowed')).textContent).toContain('Only administrators');
    expect(calls.some((c) => c.path.startsWith('/api/admin'))).toBe(false);
    expect(screen.queryByTestId('nav-admin')).toBeNull();
  });

  it('disables a user only after the confirmation', async () => {
    stubApi(ADA, { 'PATCH /api/admin/users/u-bob': [204, null] });
    renderAt('/admin');
    const row = await bobRow();
    expect(row.textContent).toContain('Vaccines');
    fireEvent.click(within(row).getByTestId('admin-user-disable'));
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);
    expect(row.textContent).toContain('Disable Bob Okafor?');
    fireEvent.click(within(row).getByTestId('admin-user-disable-confirm'));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'PATCH')).toEqual([{ method: 'PATCH', path: '/api/admin/users/u-bob', body: { disabled: true } }]),
    );
  });

  it('says why the server refused, in the reader’s words (last_admin)', async () => {
    stubApi(ADA, {
      'PATCH /api/admin/users/u-ada': [409, { statusCode: 409, code: 'last_admin', message: 'This is the last enabled admin' }],
    });
    renderAt('/admin');
    await bobRow();
    const ada = screen.getAllByTestId('admin-user-row').find((r) => r.dataset.email === 'admin@demo.hub') as HTMLElement;
    fireEvent.click(within(ada).getByTestId('admin-user-remove-admin'));
    fireEvent.click(within(ada).getByTestId('admin-user-remove-admin-confirm'));
    expect((await within(ada).findByRole('alert')).textContent).toBe('The last administrator cannot be disabled or lose administrator rights.');
  });

  it('shows a reset link to copy, and says when it was emailed too', async () => {
    stubApi(ADA, {
      'POST /api/admin/users/u-bob/reset-link': [
        201,
        { url: 'http://hub.example/app/reset/abcdefghijklmnop', expiresAt: '2026-01-03T10:00:00.000Z', emailed: true },
      ],
    });
    renderAt('/admin');
    const row = await bobRow();
    fireEvent.click(within(row).getByTestId('admin-user-reset-link'));
    expect(((await within(row).findByTestId('admin-reset-url')) as HTMLInputElement).value).toBe('http://hub.example/app/reset/abcdefghijklmnop');
    expect(within(row).getByTestId('admin-reset-link').textContent).toContain('It was also emailed to bob@demo.hub.');
  });

  it('lists the audit log by kind, and loads older events on demand', async () => {
    const item = (id: string, over: Partial<AuditLogItemDto>): AuditLogItemDto => ({
      id,
      kind: 'accounts',
      action: 'user_disabled',
      actor: { userId: 'u-ada', name: 'Ada Admin' },
      subject: { userId: 'u-bob', name: 'Bob Okafor' },
      entry: null,
      revisionId: null,
      note: '',
      override: false,
      details: {},
      createdAt: '2026-01-02T10:00:00.000Z',
      ...over,
    });
    stubApi(ADA, {
      'GET /api/audit': [
        200,
        {
          items: [
            item('p:1', {}),
            item('r:9', {
              kind: 'overrides',
              action: 'restored',
              subject: null,
              entry: { id: 'e1', title: 'Handwashing' },
              override: true,
              note: 'For the record',
            }),
          ],
          next: 'CUR',
        },
      ],
      'GET /api/audit?before=CUR': [200, { items: [item('p:0', { action: 'user_enabled' })], next: null }],
      'GET /api/audit?kind=overrides': [200, { items: [], next: null }],
    });
    renderAt('/admin?tab=audit');
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining('Disabled an account'), expect.stringContaining('Restored a revision override')]);
    expect(rows[0].textContent).toContain('Bob Okafor');
    expect(rows[1].textContent).toContain('Handwashing');
    fireEvent.click(screen.getByTestId('audit-older'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(3));
    expect(screen.queryByTestId('audit-older')).toBeNull();
    fireEvent.change(screen.getByTestId('audit-kind'), { target: { value: 'overrides' } });
    expect(await screen.findByText('Nothing recorded yet.')).toBeTruthy();
    expect(calls.filter((c) => c.path.startsWith('/api/audit')).map((c) => c.path)).toEqual([
      '/api/audit',
      '/api/audit?before=CUR',
      '/api/audit?kind=overrides',
    ]);
  });
});
