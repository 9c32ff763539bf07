import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MAX_JOIN_MESSAGE_CHARS, type GroupDetailDto, type JoinRequestEvent } from '@knowledge-hub/shared';
import { askToJoin, listMyJoinRequests } from '../../api/join-requests.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { isAdmin } from '../auth/roles';
import { useCurrentUser } from '../auth/session-context';
import { useRealtimeSocket } from '../presence/realtime-context';
import { joinStateFor } from './join-state';
import './people-manage.css';

/** "Ask to join" on a group page, for a signed-in visitor who is not a member; "Request pending" once asked. */
export function AskToJoin({ group }: { group: GroupDetailDto }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const outsider = group.myRole === null && !isAdmin(user);
  const own = useQuery({ queryKey: queryKeys.myJoinRequests(), queryFn: ({ signal }) => listMyJoinRequests(signal), enabled: outsider });
  const [message, setMessage] = useState('');
  const ask = useMutation({
    mutationFn: () => askToJoin(group.slug, { message: message.trim() }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.myJoinRequests() }),
  });

  useDecisionEvents(group.slug, outsider);

  if (!outsider || !own.data) return null;
  const state = joinStateFor(group, false, own.data);
  if (state.kind === 'none') return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    ask.mutate();
  };

  return (
    <section className="panel" aria-labelledby="ask-to-join-heading" data-testid="ask-to-join">
      <h2 id="ask-to-join-heading" className="panel-title">
        {t('joinRequests.askTitle')}
      </h2>
      {state.kind === 'archived' && <p className="muted small">{t('joinRequests.archived')}</p>}
      {state.kind === 'pending' && (
        <p className="notice small" data-testid="join-request-pending">
          {t('joinRequests.pending')}
        </p>
      )}
      {state.kind === 'can-ask' && (
        <form className="form" onSubmit={submit}>
          {state.declined && (
            <p className="muted small" data-testid="join-request-declined">
              {t('joinRequests.declined', { note: state.declined.note ?? '' })}
            </p>
          )}
          <label className="field">
            <span>{t('joinRequests.message')}</span>
            <textarea data-testid="join-request-message" maxLength={MAX_JOIN_MESSAGE_CHARS} value={message} onChange={(e) => setMessage(e.target.value)} />
          </label>
          {ask.error && <ErrorMessage>{errorText(t, ask.error)}</ErrorMessage>}
          <button type="submit" className="button primary" data-testid="join-request-submit" disabled={ask.isPending}>
            {t('joinRequests.ask')}
          </button>
        </form>
      )}
    </section>
  );
}

/**
 * A decision on the visitor's own request arrives live (their own room): an
 * approval makes them a member (the group refetched shows the member's page),
 * a decline shows its note.
 */
function useDecisionEvents(slug: string, enabled: boolean): void {
  const socket = useRealtimeSocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!socket || !enabled) return;
    const onEvent = (event: JoinRequestEvent) => {
      if (event.groupSlug !== slug || event.kind !== 'decided' || !event.status) return;
      void queryClient.invalidateQueries({ queryKey: queryKeys.myJoinRequests() });
      if (event.status === 'approved') void queryClient.invalidateQueries({ queryKey: queryKeys.group(slug) });
    };
    socket.on('people:join-request', onEvent);
    return () => {
      socket.off('people:join-request', onEvent);
    };
  }, [socket, slug, enabled, queryClient]);
}
