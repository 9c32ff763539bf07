import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GroupDetailDto, GroupRole } from '@knowledge-hub/shared';
import { changeMemberRole, removeMember } from '../../api/admin.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { ConfirmButton } from './confirm-button';
import { memberActions, type Viewer } from './member-actions';
import './people-manage.css';

type Member = GroupDetailDto['members'][number];

/** The members of a group as its moderators and admins see them: each with the role changes and removal they may make. */
export function ManagedMemberList({ slug, members, viewer }: { slug: string; members: Member[]; viewer: Viewer }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="members-heading" data-testid="managed-members">
      <h2 id="members-heading" className="panel-title">
        {t('group.members')} ({members.length})
      </h2>
      {members.length === 0 ? (
        <p className="muted small">{t('group.noMembers')}</p>
      ) : (
        <ul className="plain-list small">
          {members.map((m) => (
            <MemberRow key={m.userId} slug={slug} member={m} viewer={viewer} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MemberRow({ slug, member, viewer }: { slug: string; member: Member; viewer: Viewer }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const allowed = memberActions(viewer, member);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.group(slug), exact: true });
  const change = useMutation({ mutationFn: (role: GroupRole) => changeMemberRole(slug, member.userId, role), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => removeMember(slug, member.userId), onSuccess: refresh });
  const busy = change.isPending || remove.isPending;
  const error = change.error ?? remove.error;
  const otherRole: GroupRole = member.role === 'moderator' ? 'contributor' : 'moderator';

  return (
    <li className="member-row" data-testid="member-row" data-user-id={member.userId}>
      {member.name} <span className="muted">· {t(`role.${member.role}`)}</span>
      {(allowed.changeRole || allowed.remove) && (
        <div className="row-actions">
          {allowed.changeRole && (
            <ConfirmButton
              label={t(otherRole === 'moderator' ? 'members.makeModerator' : 'members.makeContributor')}
              question={t('members.changeRoleQuestion', { name: member.name, role: t(`role.${otherRole}`) })}
              testId="member-change-role"
              busy={busy}
              onConfirm={() => change.mutate(otherRole)}
            />
          )}
          {allowed.remove && (
            <ConfirmButton
              label={t('members.remove')}
              question={t('members.removeQuestion', { name: member.name })}
              testId="member-remove"
              danger
              busy={busy}
              onConfirm={() => remove.mutate()}
            />
          )}
        </div>
      )}
      {error && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
    </li>
  );
}
