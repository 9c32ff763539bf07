import { useEffect, useRef } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { EntryChangedEvent, ReviewQueueEvent } from '@knowledge-hub/shared';
import { queryKeys } from '../../api/query-keys';
import { useRealtimeSocket } from '../presence/realtime-context';

/**
 * A 'review:queue-changed' event, or the news that events may have been
 * missed: 'connected' (the first connection: events before it were never
 * sent to us), 'reconnected' (events sent while the socket was down are lost).
 */
export type ReviewSignal = ReviewQueueEvent | 'connected' | 'reconnected';

/**
 * Calls `onChange` for every 'review:queue-changed' the server pushes (it
 * sends them to moderators and admins only) and on every (re)connect.
 */
export function useReviewQueueEvents(onChange: (signal: ReviewSignal) => void): void {
  const socket = useRealtimeSocket();
  // A ref, so a new callback identity never re-subscribes.
  const listener = useRef(onChange);
  useEffect(() => {
    listener.current = onChange;
  });

  useEffect(() => {
    if (!socket) return;
    let disconnected = !socket.connected;
    let everConnected = socket.connected;
    const onEvent = (event: ReviewQueueEvent) => listener.current(event);
    const onConnect = () => {
      if (disconnected) listener.current(everConnected ? 'reconnected' : 'connected');
      disconnected = false;
      everConnected = true;
    };
    const onDown = () => {
      disconnected = true;
    };
    socket.on('review:queue-changed', onEvent);
    socket.on('connect', onConnect);
    socket.on('disconnect', onDown);
    socket.on('connect_error', onDown);
    return () => {
      socket.off('review:queue-changed', onEvent);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDown);
      socket.off('connect_error', onDown);
    };
  }, [socket]);
}

/**
 * Keeps the cache current from realtime events; mounted once for the whole
 * app: review events (moderators) and entry changes (members watching the
 * entry's group, e.g. everyone with the entry open in the editor).
 */
export function useInvalidateOnReviewEvents(): void {
  const queryClient = useQueryClient();
  useReviewQueueEvents((event) => invalidateForReviewEvent(queryClient, event));
  const socket = useRealtimeSocket();
  useEffect(() => {
    if (!socket) return;
    const onEntryChanged = (event: EntryChangedEvent) => invalidateForEntryEvent(queryClient, event);
    socket.on('entry:changed', onEntryChanged);
    return () => {
      socket.off('entry:changed', onEntryChanged);
    };
  }, [socket, queryClient]);
}

/** What an 'entry:changed' event makes stale: the entry (record, revisions, audit log) and its group's entry list. */
export function invalidateForEntryEvent(queryClient: QueryClient, event: EntryChangedEvent): void {
  void queryClient.invalidateQueries({ queryKey: queryKeys.entry(event.entryId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.groupEntries(event.groupSlug) });
}

/**
 * What a review event makes stale: the queue, the revision, its entry (record,
 * revision history, audit log, published document) and its group's entry list
 * (the entry's status). After a reconnect, events may have been missed, so
 * everything they could concern is refetched; at the first connection only
 * the moderators' views (queue, revision), the rest was just loaded. Only
 * queries on screen refetch at once, the others when next used.
 */
export function invalidateForReviewEvent(queryClient: QueryClient, signal: ReviewSignal): void {
  const invalidate = (queryKey: readonly unknown[]) => void queryClient.invalidateQueries({ queryKey });
  if (signal === 'connected' || signal === 'reconnected') {
    invalidate(queryKeys.reviewQueue());
    invalidate(['revision']);
    if (signal === 'reconnected') {
      invalidate(['entry']);
      invalidate(['group']);
    }
    return;
  }
  const event = signal;
  invalidate(queryKeys.reviewQueue());
  invalidate(queryKeys.revision(event.revisionId));
  invalidate(queryKeys.entry(event.entryId));
  invalidate(queryKeys.groupEntries(event.groupSlug));
}
