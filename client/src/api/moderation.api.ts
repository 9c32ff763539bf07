import type {
  ApproveBody,
  AuditEventDto,
  DecisionWithNoteBody,
  EntryDto,
  OptionalNoteBody,
  PmNode,
  QueueItemDto,
  RevisionDetailDto,
  RevisionSummaryDto,
  SubmitRevisionResponse,
} from '@knowledge-hub/shared';
import { request } from './http';

/** Revisions, reviews, the queue and the audit log (server module `moderation`). */

/** What readers see now: GET /api/entries/:id/published (404 not_published while nothing is). */
export interface PublishedDocument {
  revisionId: string;
  number: number;
  pmJson: PmNode;
  html: string;
}

const entryPath = (entryId: string) => `/api/entries/${encodeURIComponent(entryId)}`;
const revisionPath = (revisionId: string) => `/api/revisions/${encodeURIComponent(revisionId)}`;

export function submitRevision(entryId: string, note = ''): Promise<SubmitRevisionResponse> {
  return request<SubmitRevisionResponse>('POST', `${entryPath(entryId)}/revisions`, note ? { body: { note } } : {});
}

export function listRevisions(entryId: string, signal?: AbortSignal): Promise<RevisionSummaryDto[]> {
  return request<RevisionSummaryDto[]>('GET', `${entryPath(entryId)}/revisions`, { signal });
}

export function getPublished(entryId: string, signal?: AbortSignal): Promise<PublishedDocument> {
  return request<PublishedDocument>('GET', `${entryPath(entryId)}/published`, { signal });
}

/** The published revision, or null when nothing is published (204): for asking before the entry is known. */
export async function getPublishedIfAny(entryId: string, signal?: AbortSignal): Promise<PublishedDocument | null> {
  return (await request<PublishedDocument | undefined>('GET', `${entryPath(entryId)}/published?optional=true`, { signal })) ?? null;
}

export function unpublishEntry(entryId: string, body: OptionalNoteBody): Promise<EntryDto> {
  return request<EntryDto>('POST', `${entryPath(entryId)}/unpublish`, { body });
}

export function getReviewQueue(signal?: AbortSignal): Promise<QueueItemDto[]> {
  return request<QueueItemDto[]>('GET', '/api/review/queue', { signal });
}

export function getRevision(revisionId: string, signal?: AbortSignal): Promise<RevisionDetailDto> {
  return request<RevisionDetailDto>('GET', revisionPath(revisionId), { signal });
}

export function approveRevision(revisionId: string, body: ApproveBody): Promise<RevisionSummaryDto> {
  return request<RevisionSummaryDto>('POST', `${revisionPath(revisionId)}/approve`, { body });
}

export function requestChanges(revisionId: string, body: DecisionWithNoteBody): Promise<RevisionSummaryDto> {
  return request<RevisionSummaryDto>('POST', `${revisionPath(revisionId)}/request-changes`, { body });
}

export function rejectRevision(revisionId: string, body: DecisionWithNoteBody): Promise<RevisionSummaryDto> {
  return request<RevisionSummaryDto>('POST', `${revisionPath(revisionId)}/reject`, { body });
}

export function restoreRevision(revisionId: string, body: OptionalNoteBody): Promise<void> {
  return request<void>('POST', `${revisionPath(revisionId)}/restore`, { body });
}

export function listAudit(entryId: string, signal?: AbortSignal): Promise<AuditEventDto[]> {
  return request<AuditEventDto[]>('GET', `/api/audit?entryId=${encodeURIComponent(entryId)}`, { signal });
}
