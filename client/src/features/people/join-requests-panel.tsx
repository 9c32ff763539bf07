import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MAX_NOTE_CHARS, type JoinRequestEvent, type PendingJoinRequestDto } from '@knowledge-hub/shared';
import { approveJoinRequest, declineJoinRequest, listPendingJoinRequests } from '../../api/join-requests.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { LoadError } from '../../ui/load-error';
import { useRealtimeSocket } from '../presence/realtime-context';
import './people-manage.css';

/**
 * "Join requests" on a group page, for its moderators and admins: the pending
 * requests, refetched whenever the server announces one created or decided
 * ('people:join-request') and after a reconnect (events may have been missed).
 */
export function JoinRequestsPanel({ slug }: { slug: string }) {
  const { t } = useI18n();
  const pending = useQuery({ queryKey: queryKeys.groupJoinRequests(slug), queryFn: ({ signal }) => listPendingJoinRequests(slug, signal) });
  useJoinRequestEvents(slug);
  const list = pending.data ?? [];
  return (
    <section className="panel" aria-labelledby="join-requests-heading" data-testid="join-requests-panel" data-count={list.length}>
      <h2 id="join-requests-heading" className="panel-title">
        {t('joinRequests.title')} ({list.length})
      </h2>
      {pending.error && !pending.data ? <LoadError error={pending.error} onRetry={() => void pending.refetch()} /> : null}
      {pending.data && list.length === 0 && <p className="muted small">{t('joinRequests.none')}</p>}
      <ul className="plain-list">
        {list.map((r) => (
          <JoinRequestItem key={r.id} slug={slug} request={r} />
        ))}
      </ul>
    </section>
  );
}

function JoinRequestItem({ slug, request }: { slug: string; request: PendingJoinRequestDto }) {
  const { t, formatDate } = useI18n();
  const queryClient = useQueryClient();
  const [declining, setDeclining] = useState(false);
  const [note, setNote] = useState('');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.groupJoinRequests(slug) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.group(slug), exact: true });
  };
  const approve = useMutation({ mutationFn: () => approveJoinRequest(request.id), onSuccess: refresh });
  const decline = useMutation({ mutationFn: (text: string) => declineJoinRequest(request.id, { note: text }), onSuccess: refresh });
  const busy = approve.isPending || decline.isPending;
  const error = approve.error ?? decline.error;

  const submitDecline = (event: FormEvent) => {
    event.preventDefault();
    if (note.trim()) decline.mutate(note.trim());
  };

  return (
    <li className="join-request" data-testid="join-request" data-request-id={request.id}>
      <strong>{request.requester.name}</strong> <span className="muted small">{request.requester.email}</span>
      <div className="muted small">{formatDate(request.createdAt)}</div>
      {request.message && <p className="join-request-message">{request.message}</p>}
      {error && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
      {declining ? (
        <form className="form" onSubmit={submitDecline}>
          <label className="field small">
            <span>{t('joinRequests.declineNote')}</span>
            <input data-testid="join-request-note" required maxLength={MAX_NOTE_CHARS} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="row-actions">
            <button type="submit" className="button small primary danger" data-testid="join-request-decline-confirm" disabled={busy || !note.trim()}>
              {t('joinRequests.decline')}
            </button>
            <button type="button" className="button small" disabled={busy} onClick={() => setDeclining(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="row-actions">
          <button type="button" className="button small primary" data-testid="join-request-approve" disabled={busy} onClick={() => approve.mutate()}>
            {t('joinRequests.approve')}
          </button>
          <button type="button" className="button small danger" data-testid="join-request-decline" disabled={busy} onClick={() => setDeclining(true)}>
            {t('joinRequests.decline')}
          </button>
        </div>
      )}
    </li>
  );
}

/** Refetches this group's pending requests on every 'people:join-request' about it, and after a reconnect. */
function useJoinRequestEvents(slug: string): void {
  const socket = useRealtimeSocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!socket) return;
    const invalidate = () => void queryClient.invalidateQueries({ queryKey: queryKeys.groupJoinRequests(slug) });
    const onEvent = (event: JoinRequestEvent) => {
      if (event.groupSlug === slug) invalidate();
    };
    socket.on('people:join-request', onEvent);
    socket.io.on('reconnect', invalidate);
    return () => {
      socket.off('people:join-request', onEvent);
      socket.io.off('reconnect', invalidate);
    };
  }, [socket, slug, queryClient]);
}
