import { useRef, useState, type FormEvent } from 'react';
import { INVITATION_DEFAULT_EXPIRES_IN_HOURS, INVITATION_MAX_EXPIRES_IN_HOURS, INVITATION_MAX_USES, type InvitationCreatedDto } from '@knowledge-hub/shared';
import { createInvitation } from '../../api/invitations.api';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import './people.css';

const HOURS_PER_DAY = 24;
const MAX_EXPIRES_IN_DAYS = INVITATION_MAX_EXPIRES_IN_HOURS / HOURS_PER_DAY;

/**
 * "Invite people" on a group page, for admins and the group's moderators.
 * The server decides what each may grant (moderators: contributor only);
 * the role choice is only offered where it would be accepted.
 */
export function InvitePanel({ slug, canInviteModerators }: { slug: string; canInviteModerators: boolean }) {
  const { t } = useI18n();
  const [role, setRole] = useState<'contributor' | 'moderator'>('contributor');
  const [maxUses, setMaxUses] = useState(1);
  const [expiresInDays, setExpiresInDays] = useState(INVITATION_DEFAULT_EXPIRES_IN_HOURS / HOURS_PER_DAY);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<InvitationCreatedDto | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      setCreated(
        await createInvitation({
          groups: [{ slug, role: canInviteModerators ? role : 'contributor' }],
          maxUses,
          expiresInHours: Math.round(expiresInDays * HOURS_PER_DAY),
        }),
      );
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="panel invite-panel" aria-labelledby="invite-heading" data-testid="invite-panel">
      <h2 id="invite-heading" className="panel-title">
        {t('invite.title')}
      </h2>
      <form className="form" onSubmit={submit}>
        {canInviteModerators && (
          <label className="field">
            <span>{t('invite.role')}</span>
            <select data-testid="invite-role" value={role} onChange={(e) => setRole(e.target.value as 'contributor' | 'moderator')}>
              <option value="contributor">{t('role.contributor')}</option>
              <option value="moderator">{t('role.moderator')}</option>
            </select>
          </label>
        )}
        <label className="field">
          <span>{t('invite.maxUses')}</span>
          <input
            data-testid="invite-max-uses"
            type="number"
            min={1}
            max={INVITATION_MAX_USES}
            required
            value={maxUses}
            onChange={(e) => setMaxUses(Number(e.target.value))}
          />
        </label>
        <label className="field">
          <span>{t('invite.expiresInDays')}</span>
          <input
            data-testid="invite-expires-days"
            type="number"
            min={1}
            max={MAX_EXPIRES_IN_DAYS}
            required
            value={expiresInDays}
            onChange={(e) => setExpiresInDays(Number(e.target.value))}
          />
        </label>
        {error && <ErrorMessage>{error}</ErrorMessage>}
        <button data-testid="invite-create" className="button primary" type="submit" disabled={pending}>
          {pending ? t('invite.creating') : t('invite.create')}
        </button>
      </form>
      {created && <InviteLink url={created.url} />}
    </section>
  );
}

/** The link, shown once: copied to the clipboard, or selected for a manual copy where the clipboard is refused. */
function InviteLink({ url }: { url: string }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'manual' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied('manual');
    }
  };
  return (
    <div className="invite-link">
      <p className="muted small">{t('invite.linkNote')}</p>
      <input ref={input} data-testid="invite-url" readOnly value={url} onFocus={(e) => e.target.select()} aria-label={t('invite.link')} />
      <button type="button" className="button small" data-testid="invite-copy" onClick={() => void copy()}>
        {t('invite.copy')}
      </button>
      {copied === 'yes' && <span className="muted small"> {t('invite.copied')}</span>}
      {copied === 'manual' && <span className="muted small"> {t('invite.copyManually')}</span>}
    </div>
  );
}
