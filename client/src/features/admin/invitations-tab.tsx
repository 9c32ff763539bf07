import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  INVITATION_DEFAULT_EXPIRES_IN_HOURS,
  INVITATION_MAX_EXPIRES_IN_HOURS,
  INVITATION_MAX_USES,
  MAX_EMAIL_CHARS,
  type GroupDto,
  type GroupRole,
  type InvitationDto,
} from '@knowledge-hub/shared';
import { listInvitations, revokeInvitation } from '../../api/admin.api';
import { listGroups } from '../../api/groups.api';
import { createInvitation } from '../../api/invitations.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { ResourceState } from '../../ui/load-error';
import { ConfirmButton } from '../people/confirm-button';
import { CopyField } from '../people/copy-field';
import { localizedGroup } from '../groups/localized-group';
import { type InvitationForm, invitationBody } from './invitation-form';

/**
 * Invitations: the caller's live ones (only a hash of each token is stored,
 * so an old link cannot be shown again: revoke it and make a new one), and
 * a form for a new one whose link is shown once.
 */
export function InvitationsTab() {
  const { t } = useI18n();
  const invitations = useQuery({ queryKey: queryKeys.myInvitations(), queryFn: ({ signal }) => listInvitations(signal) });
  return (
    <div className="admin-columns" data-testid="admin-invitations">
      <div>
        <ResourceState data={invitations.data} error={invitations.error} onRetry={() => void invitations.refetch()}>
          {(list) =>
            list.length === 0 ? (
              <p className="muted">{t('admin.invitations.none')}</p>
            ) : (
              <table className="admin-table">
                <thead>
                  <tr>
                    <th>{t('admin.invitations.groups')}</th>
                    <th>{t('admin.invitations.usesLeft')}</th>
                    <th>{t('admin.invitations.expires')}</th>
                    <th>{t('admin.users.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((i) => (
                    <InvitationRow key={i.id} invitation={i} />
                  ))}
                </tbody>
              </table>
            )
          }
        </ResourceState>
        <p className="muted small">{t('admin.invitations.hashNote')}</p>
      </div>
      <NewInvitationForm />
    </div>
  );
}

function InvitationRow({ invitation }: { invitation: InvitationDto }) {
  const { t, formatDate } = useI18n();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => revokeInvitation(invitation.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.myInvitations() }),
  });
  return (
    <tr data-testid="admin-invitation-row">
      <td>
        {invitation.groups.map((g) => (
          <div key={g.slug}>
            {g.slug} <span className="muted small">· {t(`role.${g.role}`)}</span>
          </div>
        ))}
        {invitation.email && <div className="muted small">{t('admin.invitations.for', { email: invitation.email })}</div>}
      </td>
      <td>{t('admin.invitations.usesLeftValue', { left: invitation.usesLeft, max: invitation.maxUses })}</td>
      <td className="small">{formatDate(invitation.expiresAt)}</td>
      <td>
        <ConfirmButton
          label={t('admin.invitations.revoke')}
          question={t('admin.invitations.revokeQuestion')}
          testId="admin-invitation-revoke"
          danger
          busy={revoke.isPending}
          onConfirm={() => revoke.mutate()}
        />
        {revoke.error && <ErrorMessage>{errorText(t, revoke.error)}</ErrorMessage>}
      </td>
    </tr>
  );
}

const EMPTY_FORM: InvitationForm = { email: '', groups: {}, expiresInHours: INVITATION_DEFAULT_EXPIRES_IN_HOURS, maxUses: 1 };

function NewInvitationForm() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const groups = useQuery({ queryKey: queryKeys.groups(), queryFn: ({ signal }) => listGroups(signal) });
  const [form, setForm] = useState<InvitationForm>(EMPTY_FORM);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: createInvitation,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.myInvitations() });
      setForm(EMPTY_FORM);
    },
  });
  const open = (groups.data ?? []).filter((g) => !g.archived);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = invitationBody(
      form,
      open.map((g) => g.slug),
    );
    if (!result.ok) {
      setProblem(t('admin.invitations.noGroups'));
      return;
    }
    setProblem(null);
    create.mutate(result.body);
  };
  const setRole = (slug: string, role: GroupRole | undefined) => setForm((f) => ({ ...f, groups: { ...f.groups, [slug]: role } }));

  return (
    <section className="panel" aria-labelledby="new-invitation-heading" data-testid="new-invitation">
      <h2 id="new-invitation-heading" className="panel-title">
        {t('admin.invitations.new')}
      </h2>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>{t('admin.invitations.email')}</span>
          <input
            data-testid="new-invitation-email"
            type="email"
            maxLength={MAX_EMAIL_CHARS}
            value={form.email}
            onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
          />
        </label>
        {/* biome-ignore lint/a11y/useSemanticElements: a <fieldset> would bring its own border and padding */}
        <div className="field" role="group" aria-labelledby="new-invitation-groups">
          <span id="new-invitation-groups">{t('admin.invitations.groups')}</span>
          <div className="group-choices">
            {groups.error && !groups.data ? <ErrorMessage>{errorText(t, groups.error)}</ErrorMessage> : null}
            {open.map((g) => (
              <GroupChoice key={g.slug} group={g} role={form.groups[g.slug]} onChange={(role) => setRole(g.slug, role)} />
            ))}
          </div>
        </div>
        <label className="field">
          <span>{t('admin.invitations.expiresInHours')}</span>
          <input
            data-testid="new-invitation-hours"
            type="number"
            min={1}
            max={INVITATION_MAX_EXPIRES_IN_HOURS}
            required
            value={form.expiresInHours}
            onChange={(e) => setForm((f) => ({ ...f, expiresInHours: Number(e.target.value) }))}
          />
        </label>
        <label className="field">
          <span>{t('invite.maxUses')}</span>
          <input
            data-testid="new-invitation-max-uses"
            type="number"
            min={1}
            max={INVITATION_MAX_USES}
            required
            value={form.maxUses}
            onChange={(e) => setForm((f) => ({ ...f, maxUses: Number(e.target.value) }))}
          />
        </label>
        {(problem ?? create.error) && <ErrorMessage>{problem ?? errorText(t, create.error)}</ErrorMessage>}
        <button type="submit" className="button primary" data-testid="new-invitation-submit" disabled={create.isPending}>
          {create.isPending ? t('invite.creating') : t('invite.create')}
        </button>
      </form>
      {create.data && (
        <div data-testid="new-invitation-link">
          <p className="muted small">{t('invite.linkNote')}</p>
          <CopyField value={create.data.url} label={t('invite.link')} testId="new-invitation-url" />
          {/* `emailed` is optional: servers without mail do not send it. */}
          {(create.data as { emailed?: boolean }).emailed === true && create.variables?.email && (
            <p className="muted small">{t('people.emailedTo', { email: create.variables.email })}</p>
          )}
        </div>
      )}
    </section>
  );
}

function GroupChoice({ group, role, onChange }: { group: GroupDto; role: GroupRole | undefined; onChange: (role: GroupRole | undefined) => void }) {
  const { t, lang } = useI18n();
  const { name } = localizedGroup(group, lang);
  return (
    <div className="group-choice" data-testid="invitation-group" data-slug={group.slug}>
      <label>
        <input type="checkbox" checked={role !== undefined} onChange={(e) => onChange(e.target.checked ? 'contributor' : undefined)} /> {name}
      </label>
      {role !== undefined && (
        <select aria-label={t('invite.role')} value={role} onChange={(e) => onChange(e.target.value as GroupRole)}>
          <option value="contributor">{t('role.contributor')}</option>
          <option value="moderator">{t('role.moderator')}</option>
        </select>
      )}
    </div>
  );
}
