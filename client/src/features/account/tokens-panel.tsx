import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MAX_TOKEN_DAYS, MAX_TOKEN_NAME_CHARS, type PersonalTokenDto, TOKEN_SCOPES, type TokenScope } from '@knowledge-hub/shared';
import { createToken, listTokens, revokeToken } from '../../api/account.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { ResourceState } from '../../ui/load-error';
import { ConfirmButton } from '../people/confirm-button';
import { CopyField } from '../people/copy-field';

const DEFAULT_TOKEN_DAYS = 90;

/** Personal API tokens: create one (its secret is shown once), list the live ones, revoke. */
export function TokensPanel() {
  const { t } = useI18n();
  const tokens = useQuery({ queryKey: queryKeys.accountTokens(), queryFn: ({ signal }) => listTokens(signal) });
  return (
    <section className="panel" aria-labelledby="tokens-heading" data-testid="account-tokens">
      <h2 id="tokens-heading" className="panel-title">
        {t('account.tokens')}
      </h2>
      <p className="muted small">{t('account.tokensIntro')}</p>
      <ResourceState data={tokens.data} error={tokens.error} onRetry={() => void tokens.refetch()}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted small">{t('account.noTokens')}</p>
          ) : (
            <ul className="plain-list">
              {list.map((token) => (
                <TokenRow key={token.id} token={token} />
              ))}
            </ul>
          )
        }
      </ResourceState>
      <NewTokenForm />
    </section>
  );
}

function TokenRow({ token }: { token: PersonalTokenDto }) {
  const { t, formatDate } = useI18n();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => revokeToken(token.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.accountTokens() }),
  });
  return (
    <li className="token-row" data-testid="token-row">
      <strong>{token.name}</strong> <span className="badge">{t(`account.scope.${token.scope}`)}</span>
      <div className="muted small">
        {t('account.tokenDates', { expires: formatDate(token.expiresAt) })}
        {' · '}
        {token.lastUsedAt ? t('account.tokenLastUsed', { date: formatDate(token.lastUsedAt) }) : t('account.tokenNeverUsed')}
      </div>
      <div className="row-actions">
        <ConfirmButton
          label={t('account.revoke')}
          question={t('account.revokeQuestion', { name: token.name })}
          testId="token-revoke"
          danger
          busy={revoke.isPending}
          onConfirm={() => revoke.mutate()}
        />
      </div>
      {revoke.error && <ErrorMessage>{errorText(t, revoke.error)}</ErrorMessage>}
    </li>
  );
}

function NewTokenForm() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [days, setDays] = useState(DEFAULT_TOKEN_DAYS);
  const create = useMutation({
    mutationFn: () => createToken({ name: name.trim(), scope, expiresInDays: days }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.accountTokens() });
      setName('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="form token-form" onSubmit={submit}>
      <h3 className="panel-subtitle">{t('account.newToken')}</h3>
      <label className="field">
        <span>{t('account.tokenName')}</span>
        <input data-testid="token-name" required maxLength={MAX_TOKEN_NAME_CHARS} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('account.tokenScope')}</span>
        <select data-testid="token-scope" value={scope} onChange={(e) => setScope(e.target.value as TokenScope)}>
          {TOKEN_SCOPES.map((s) => (
            <option key={s} value={s}>
              {t(`account.scope.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('account.tokenDays')}</span>
        <input data-testid="token-days" type="number" min={1} max={MAX_TOKEN_DAYS} required value={days} onChange={(e) => setDays(Number(e.target.value))} />
      </label>
      {create.error && <ErrorMessage>{errorText(t, create.error)}</ErrorMessage>}
      <button type="submit" className="button primary" data-testid="token-create" disabled={create.isPending}>
        {t('account.createToken')}
      </button>
      {create.data && (
        <div data-testid="token-created">
          <p className="notice small">{t('account.tokenOnce')}</p>
          <CopyField value={create.data.token} label={t('account.tokenSecret')} testId="token-secret" />
        </div>
      )}
    </form>
  );
}
