import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MAX_GROUP_NAME_CHARS, type GroupDto, type UpdateGroupBody } from '@knowledge-hub/shared';
import { createGroup, updateGroup } from '../../api/admin.api';
import { listGroups } from '../../api/groups.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { ResourceState } from '../../ui/load-error';
import { ConfirmButton } from '../people/confirm-button';

/** Groups: create one (its slug is fixed once created), rename it in both languages, archive or restore it. */
export function GroupsTab() {
  const { t } = useI18n();
  const groups = useQuery({ queryKey: queryKeys.groups(), queryFn: ({ signal }) => listGroups(signal) });
  return (
    <div className="admin-columns" data-testid="admin-groups">
      <ResourceState data={groups.data} error={groups.error} onRetry={() => void groups.refetch()}>
        {(list) => (
          <table className="admin-table">
            <thead>
              <tr>
                <th>{t('admin.groups.group')}</th>
                <th>{t('admin.users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((g) => (
                <GroupRow key={g.slug} group={g} />
              ))}
            </tbody>
          </table>
        )}
      </ResourceState>
      <NewGroupForm />
    </div>
  );
}

function useInvalidateGroups() {
  const queryClient = useQueryClient();
  return (slug: string) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.groups() });
    void queryClient.invalidateQueries({ queryKey: queryKeys.group(slug), exact: true });
  };
}

function NewGroupForm() {
  const { t } = useI18n();
  const invalidate = useInvalidateGroups();
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [nameZh, setNameZh] = useState('');
  const create = useMutation({
    mutationFn: () => createGroup({ slug: slug.trim(), name: name.trim(), nameZh: nameZh.trim(), description: '', descriptionZh: '' }),
    onSuccess: (group) => {
      invalidate(group.slug);
      setSlug('');
      setName('');
      setNameZh('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <section className="panel" aria-labelledby="new-group-heading">
      <h2 id="new-group-heading" className="panel-title">
        {t('admin.groups.new')}
      </h2>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>{t('admin.groups.slug')}</span>
          <input data-testid="new-group-slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" value={slug} onChange={(e) => setSlug(e.target.value)} />
          <span className="small">{t('admin.groups.slugHint')}</span>
        </label>
        <label className="field">
          <span>{t('admin.groups.name')}</span>
          <input data-testid="new-group-name" required maxLength={MAX_GROUP_NAME_CHARS} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('admin.groups.nameZh')}</span>
          <input data-testid="new-group-name-zh" required maxLength={MAX_GROUP_NAME_CHARS} value={nameZh} onChange={(e) => setNameZh(e.target.value)} />
        </label>
        {create.error && <ErrorMessage>{errorText(t, create.error)}</ErrorMessage>}
        {create.isSuccess && (
          <p className="notice small" data-testid="new-group-created">
            {t('admin.groups.created', { name: create.data.name })}
          </p>
        )}
        <button type="submit" className="button primary" data-testid="new-group-submit" disabled={create.isPending}>
          {t('admin.groups.create')}
        </button>
      </form>
    </section>
  );
}

function GroupRow({ group }: { group: GroupDto }) {
  const { t } = useI18n();
  const invalidate = useInvalidateGroups();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(group.name);
  const [nameZh, setNameZh] = useState(group.nameZh);
  const update = useMutation({
    mutationFn: (body: UpdateGroupBody) => updateGroup(group.slug, body),
    onSuccess: () => {
      invalidate(group.slug);
      setRenaming(false);
    },
  });
  const submitRename = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ name: name.trim(), nameZh: nameZh.trim() });
  };

  return (
    <tr data-testid="admin-group-row" data-slug={group.slug}>
      <td>
        <strong>{group.name}</strong> <span lang="zh-CN">{group.nameZh}</span>
        <div className="muted small">
          /{group.slug} · {t('admin.groups.entries', { count: group.entryCount })}
        </div>
        {group.archived && <span className="badge status-badge-unpublished">{t('admin.groups.archived')}</span>}
        {renaming && (
          <form className="form" onSubmit={submitRename}>
            <label className="field small">
              <span>{t('admin.groups.name')}</span>
              <input data-testid="rename-group-name" required maxLength={MAX_GROUP_NAME_CHARS} value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label className="field small">
              <span>{t('admin.groups.nameZh')}</span>
              <input data-testid="rename-group-name-zh" required maxLength={MAX_GROUP_NAME_CHARS} value={nameZh} onChange={(e) => setNameZh(e.target.value)} />
            </label>
            <div className="row-actions">
              <button type="submit" className="button small primary" data-testid="rename-group-save" disabled={update.isPending}>
                {t('admin.groups.save')}
              </button>
              <button type="button" className="button small" onClick={() => setRenaming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        )}
      </td>
      <td>
        <div className="row-actions">
          {!renaming && (
            <button type="button" className="button small" data-testid="admin-group-rename" onClick={() => setRenaming(true)}>
              {t('admin.groups.rename')}
            </button>
          )}
          {group.archived ? (
            <button
              type="button"
              className="button small"
              data-testid="admin-group-restore"
              disabled={update.isPending}
              onClick={() => update.mutate({ archived: false })}
            >
              {t('admin.groups.restore')}
            </button>
          ) : (
            <ConfirmButton
              label={t('admin.groups.archive')}
              question={t('admin.groups.archiveQuestion', { name: group.name })}
              testId="admin-group-archive"
              danger
              busy={update.isPending}
              onConfirm={() => update.mutate({ archived: true })}
            />
          )}
        </div>
        {update.error && <ErrorMessage>{errorText(t, update.error)}</ErrorMessage>}
      </td>
    </tr>
  );
}
