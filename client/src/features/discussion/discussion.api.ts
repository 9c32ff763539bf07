import type {
  CommentBody,
  CommentDto,
  CommentThreadDto,
  CreateThreadBody,
  MarkReadBody,
  NotificationPageDto,
  NotificationPreferencesDto,
} from '@knowledge-hub/shared';
import { request } from '../../api/http';

/** Comment threads of an entry's draft, or of one of its frozen revisions. */
export const discussionKeys = {
  entry: (entryId: string) => ['discussion', 'entry', entryId] as const,
  revision: (revisionId: string) => ['discussion', 'revision', revisionId] as const,
};

const id = encodeURIComponent;

export function listEntryThreads(entryId: string, signal?: AbortSignal): Promise<CommentThreadDto[]> {
  return request('GET', `/api/entries/${id(entryId)}/comments`, { signal });
}

export function listRevisionThreads(revisionId: string, signal?: AbortSignal): Promise<CommentThreadDto[]> {
  return request('GET', `/api/revisions/${id(revisionId)}/comments`, { signal });
}

export function startEntryThread(entryId: string, body: CreateThreadBody): Promise<CommentThreadDto> {
  return request('POST', `/api/entries/${id(entryId)}/comments`, { body });
}

export function startRevisionThread(revisionId: string, body: CreateThreadBody): Promise<CommentThreadDto> {
  return request('POST', `/api/revisions/${id(revisionId)}/comments`, { body });
}

export function replyTo(commentId: string, body: CommentBody): Promise<CommentDto> {
  return request('POST', `/api/comments/${id(commentId)}/replies`, { body });
}

export function editComment(commentId: string, body: CommentBody): Promise<CommentDto> {
  return request('PATCH', `/api/comments/${id(commentId)}`, { body });
}

export function deleteComment(commentId: string): Promise<void> {
  return request('DELETE', `/api/comments/${id(commentId)}`);
}

export function setThreadResolved(threadId: string, resolved: boolean): Promise<CommentThreadDto> {
  return request('POST', `/api/comments/${id(threadId)}/${resolved ? 'resolve' : 'reopen'}`);
}

export const notificationKeys = {
  all: ['notifications'] as const,
  list: () => ['notifications', 'list'] as const,
  unread: () => ['notifications', 'unread'] as const,
  preferences: () => ['notifications', 'preferences'] as const,
};

export function listNotifications(query: { before?: string; limit?: number } = {}, signal?: AbortSignal): Promise<NotificationPageDto> {
  const params = new URLSearchParams();
  if (query.before) params.set('before', query.before);
  if (query.limit) params.set('limit', String(query.limit));
  const qs = params.toString();
  return request('GET', `/api/notifications${qs ? `?${qs}` : ''}`, { signal });
}

export function markNotificationsRead(body: MarkReadBody): Promise<{ unread: number }> {
  return request('POST', '/api/notifications/read', { body });
}

export function getNotificationPreferences(signal?: AbortSignal): Promise<NotificationPreferencesDto> {
  return request('GET', '/api/notifications/preferences', { signal });
}

export function setNotificationPreferences(body: NotificationPreferencesDto): Promise<NotificationPreferencesDto> {
  return request('PATCH', '/api/notifications/preferences', { body });
}
