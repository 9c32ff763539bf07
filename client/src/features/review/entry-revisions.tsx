import { useQuery } from '@tanstack/react-query';
import type { EntryDetailDto } from '@knowledge-hub/shared';
import { listRevisions } from '../../api/moderation.api';
import { queryKeys } from '../../api/query-keys';
import { AuditLog } from './audit-log';
import { RevisionHistory } from './revision-history';
import './review.css';

interface EntryRevisionsProps {
  entry: EntryDetailDto;
  canModerate: boolean;
}

/**
 * The editor's side panels about publishing: the revision history, and the
 * audit log for moderators. Both refetch whenever the entry's cache family is
 * invalidated (our own actions, review events, a changed entry status).
 */
export function EntryRevisions({ entry, canModerate }: EntryRevisionsProps) {
  const revisions = useQuery({ queryKey: queryKeys.entryRevisions(entry.id), queryFn: ({ signal }) => listRevisions(entry.id, signal) });
  return (
    <>
      <RevisionHistory entry={entry} canModerate={canModerate} revisions={revisions} />
      {canModerate && <AuditLog entryId={entry.id} revisions={revisions.data ?? []} />}
    </>
  );
}
