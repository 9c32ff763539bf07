import { useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminUpdateUserBody, AdminUserDto } from '@knowledge-hub/shared';
import { createResetLink, listUsers, type ResetLinkAnswer, updateUser } from '../../api/admin.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { ResourceState } from '../../ui/load-error';
import { useCurrentUser } from '../auth/session-context';
import { ConfirmButton } from '../people/confirm-button';
import { CopyField } from '../people/copy-field';
import { pageCount } from './paging';

/** Users: search by name or email, a page at a time; disable or enable, grant or revoke admin, hand out a reset link. */
export function UsersTab() {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const users = useQuery({
    queryKey: queryKeys.adminUsers(query, page),
    queryFn: ({ signal }) => listUsers(query, page, signal),
    placeholderData: keepPreviousData,
  });

  const search = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft.trim());
    setPage(1);
  };

  return (
    <div data-testid="admin-users">
      <form className="admin-search" onSubmit={search}>
        <label className="field grow">
          <span>{t('admin.users.search')}</span>
          <input data-testid="admin-user-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit" className="button">
          {t('admin.users.searchButton')}
        </button>
      </form>
      <ResourceState data={users.data} error={users.error} onRetry={() => void users.refetch()}>
        {(data) => {
          const pages = pageCount(data.total, data.pageSize);
          return (
            <>
              {data.users.length === 0 ? (
                <p className="muted">{t('admin.users.none')}</p>
              ) : (
                <table className="admin-table">
                  <thead>
                    <tr>
                      <th>{t('admin.users.name')}</th>
                      <th>{t('admin.users.groups')}</th>
                      <th>{t('admin.users.lastSeen')}</th>
                      <th>{t('admin.users.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.users.map((u) => (
                      <UserRow key={u.id} user={u} />
                    ))}
                  </tbody>
                </table>
              )}
              <nav className="pager" aria-label={t('admin.users.pages')}>
                <span className="muted" data-testid="admin-users-page">
                  {t('admin.users.pageOf', { page: data.page, pages, total: data.total })}
                </span>
                <button type="button" className="button small" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                  {t('admin.users.previous')}
                </button>
                <button type="button" className="button small" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                  {t('admin.users.next')}
                </button>
              </nav>
            </>
          );
        }}
      </ResourceState>
    </div>
  );
}

function UserRow({ user }: { user: AdminUserDto }) {
  const { t, formatDate } = useI18n();
  const self = useCurrentUser();
  const queryClient = useQueryClient();
  const [link, setLink] = useState<ResetLinkAnswer | null>(null);
  const update = useMutation({
    mutationFn: (body: AdminUpdateUserBody) => updateUser(user.id, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
  const reset = useMutation({ mutationFn: () => createResetLink(user.id), onSuccess: setLink });
  const busy = update.isPending || reset.isPending;
  const error = update.error ?? reset.error;
  const isSelf = user.id === self.id;

  return (
    <tr data-testid="admin-user-row" data-email={user.email} data-disabled={user.disabled}>
      <td>
        <strong>{user.name}</strong>
        {isSelf && <span className="muted"> ({t('editor.you')})</span>}
        <div className="muted small">{user.email}</div>
        <div className="badges">
          {user.isAdmin && <span className="badge badge-role">{t('admin.users.admin')}</span>}
          {user.disabled && (
            <span className="badge status-badge-unpublished" data-testid="admin-user-disabled">
              {t('admin.users.disabled')}
            </span>
          )}
        </div>
      </td>
      <td className="small">
        {user.groups.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          user.groups.map((g) => (
            <div key={g.slug}>
              {g.name} <span className="muted">· {t(`role.${g.role}`)}</span>
            </div>
          ))
        )}
      </td>
      <td className="small">{user.lastSeenAt ? formatDate(user.lastSeenAt) : <span className="muted">{t('admin.users.never')}</span>}</td>
      <td>
        <div className="row-actions">
          {user.disabled ? (
            <button type="button" className="button small" data-testid="admin-user-enable" disabled={busy} onClick={() => update.mutate({ disabled: false })}>
              {t('admin.users.enable')}
            </button>
          ) : (
            <ConfirmButton
              label={t('admin.users.disable')}
              question={t('admin.users.disableQuestion', { name: user.name })}
              testId="admin-user-disable"
              danger
              busy={busy}
              onConfirm={() => update.mutate({ disabled: true })}
            />
          )}
          <ConfirmButton
            label={user.isAdmin ? t('admin.users.removeAdmin') : t('admin.users.makeAdmin')}
            question={t(user.isAdmin ? 'admin.users.removeAdminQuestion' : 'admin.users.makeAdminQuestion', { name: user.name })}
            testId={user.isAdmin ? 'admin-user-remove-admin' : 'admin-user-make-admin'}
            danger={user.isAdmin}
            busy={busy}
            onConfirm={() => update.mutate({ isAdmin: !user.isAdmin })}
          />
          <button type="button" className="button small" data-testid="admin-user-reset-link" disabled={busy} onClick={() => reset.mutate()}>
            {t('admin.users.resetLink')}
          </button>
        </div>
        {error && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
        {link && (
          <div data-testid="admin-reset-link">
            <CopyField value={link.url} label={t('admin.users.resetLink')} testId="admin-reset-url" />
            <p className="muted small">
              {t('admin.users.resetLinkNote', { date: formatDate(link.expiresAt) })}
              {link.emailed === true && <> {t('people.emailedTo', { email: user.email })}</>}
            </p>
          </div>
        )}
      </td>
    </tr>
  );
}
