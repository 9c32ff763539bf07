import type { EntryDetailDto } from '@knowledge-hub/shared';
import { listRevisions } from '../../api/moderation.api';
import { useReloadOnChange, useResource } from '../../api/use-resource';
import { AuditLog } from './audit-log';
import { RevisionHistory } from './revision-history';

interface EntryRevisionsProps {
  entry: EntryDetailDto;
  canModerate: boolean;
  /** Changes whenever the revisions may have changed (see useLiveEntry). */
  revisionsKey: string;
  onEntryChanged: () => void;
}

/** The editor's side panels about publishing: the revision history, and the audit log for moderators. */
export function EntryRevisions({ entry, canModerate, revisionsKey, onEntryChanged }: EntryRevisionsProps) {
  const revisions = useResource(`revisions:${entry.id}`, (signal) => listRevisions(entry.id, signal));
  useReloadOnChange(revisionsKey, revisions.reload);
  return (
    <>
      <RevisionHistory entry={entry} canModerate={canModerate} revisions={revisions} onEntryChanged={onEntryChanged} />
      {canModerate && <AuditLog entryId={entry.id} revisions={revisions.data ?? []} version={revisionsKey} />}
    </>
  );
}
