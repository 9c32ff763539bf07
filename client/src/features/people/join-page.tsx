import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { MIN_PASSWORD_CHARS, type AcceptInvitationBody, type InvitationPreviewDto, type UserDto } from '@knowledge-hub/shared';
import { acceptInvitation, joinInvitation, previewInvitation } from '../../api/invitations.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { paths } from '../../routing/paths';
import { ErrorMessage } from '../../ui/error-message';
import { ResourceState } from '../../ui/load-error';
import { OidcSignInLink, oidcStartUrl, useOidcProvider } from '../auth/oidc-sign-in';
import { useSession } from '../auth/session-context';
import './people.css';

/**
 * /app/join/:token — public: what the invitation grants, and either a form
 * that creates an account or, for a signed-in visitor, one button that adds
 * the memberships to their own account. Either way the server sets the
 * session cookie; the session is re-read and the visitor lands in the first group.
 */
export function JoinPage({ token }: { token: string }) {
  const preview = useQuery({
    queryKey: queryKeys.invitation(token),
    queryFn: ({ signal }) => previewInvitation(token, signal),
    retry: false,
  });
  return (
    <section className="join-page" data-testid="join-page">
      <ResourceState data={preview.data} error={preview.error} onRetry={() => void preview.refetch()}>
        {(invitation) => <JoinView token={token} invitation={invitation} />}
      </ResourceState>
    </section>
  );
}

function JoinView({ token, invitation }: { token: string; invitation: InvitationPreviewDto }) {
  const { t, lang } = useI18n();
  const { state, adopt } = useSession();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const oidc = useOidcProvider();
  const landing = invitation.groups[0] ? paths.group(invitation.groups[0].slug) : paths.groups();

  /** A new account (`body`), or the signed-in visitor's own (`null`). */
  const accept = async (body: AcceptInvitationBody | null) => {
    setPending(true);
    setError(null);
    try {
      const { user, token: sessionToken } = body ? await acceptInvitation(token, body) : await joinInvitation(token);
      adopt(user, sessionToken);
      const first = invitation.groups[0];
      navigate(first ? paths.group(first.slug) : paths.groups(), { replace: true });
    } catch (err) {
      setError(errorText(t, err));
      setPending(false);
    }
  };

  return (
    <>
      <h1>{t('join.title')}</h1>
      <p className="muted">{t('join.invitedBy', { name: invitation.invitedBy })}</p>
      <ul className="join-groups" data-testid="join-groups">
        {invitation.groups.map((g) => (
          <li key={g.slug}>
            <strong>{lang === 'zh' ? g.nameZh || g.name : g.name}</strong> <span className="muted">· {t(`role.${g.role}`)}</span>
          </li>
        ))}
      </ul>
      {error && <ErrorMessage>{error}</ErrorMessage>}
      {state.status === 'signed-in' ? (
        <JoinAsForm user={state.user} pending={pending} onAccept={accept} />
      ) : (
        <>
          {/* The provider's account joins (created at the first sign-in); the server accepts the invitation on the way back. */}
          {oidc && (
            <p className="join-oidc">
              <OidcSignInLink href={oidcStartUrl(landing, token)} text={t('join.oidc', { label: oidc.label })} />
            </p>
          )}
          <NewAccountForm pending={pending} onAccept={accept} />
        </>
      )}
    </>
  );
}

function JoinAsForm({ user, pending, onAccept }: { user: UserDto; pending: boolean; onAccept: (body: null) => void }) {
  const { t } = useI18n();
  const join = () => onAccept(null);
  return (
    <div className="join-as">
      <button type="button" className="button primary" data-testid="join-as" disabled={pending} onClick={join}>
        {pending ? t('join.submitting') : t('join.joinAs', { name: user.name })}
      </button>
    </div>
  );
}

function NewAccountForm({ pending, onAccept }: { pending: boolean; onAccept: (body: AcceptInvitationBody) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onAccept({ name: name.trim(), email: email.trim(), password });
  };
  return (
    <form className="form" onSubmit={submit}>
      <label className="field">
        <span>{t('join.name')}</span>
        <input data-testid="join-name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('join.email')}</span>
        <input data-testid="join-email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('join.password')}</span>
        <input
          data-testid="join-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_CHARS}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <small className="muted">{t('join.passwordHint', { count: MIN_PASSWORD_CHARS })}</small>
      </label>
      <button data-testid="join-submit" className="button primary" type="submit" disabled={pending}>
        {pending ? t('join.submitting') : t('join.submit')}
      </button>
    </form>
  );
}
