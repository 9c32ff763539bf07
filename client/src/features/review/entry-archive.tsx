import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EntryDetailDto } from '@knowledge-hub/shared';
import { queryKeys } from '../../api/query-keys';
import { archiveEntry, unarchiveEntry, workspaceKeys } from '../../api/workspace.api';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { ConfirmAction, useConfirmOpener } from './confirm-action';

/**
 * "Archive entry", asked once inline, and "Restore entry" once archived; shown
 * only when the server says the reader may (entry.can.archive: the group's
 * moderators and admins). Archiving deletes nothing: the entry leaves the
 * workspace's lists, becomes read-only and its public page answers 410 Gone.
 */
export function EntryArchive({ entry }: { entry: EntryDetailDto }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const opener = useConfirmOpener();
  const archived = entry.archivedAt !== null;
  const change = useMutation({
    mutationFn: () => (archived ? unarchiveEntry(entry.id) : archiveEntry(entry.id)),
    // Busy until the entry is read again, so the button never shows the old state in between.
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.entry(entry.id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.groupEntries(entry.groupSlug) }),
        queryClient.invalidateQueries({ queryKey: workspaceKeys.myEntries() }),
      ]);
      setConfirming(false);
    },
  });
  const busy = change.isPending;

  return (
    <>
      {confirming && !archived ? (
        <ConfirmAction
          question={t('archive.confirm')}
          confirmLabel={t('archive.archive')}
          confirmTestId="confirm-archive"
          busy={busy}
          withNote={false}
          onConfirm={() => change.mutate()}
          onCancel={() => {
            setConfirming(false);
            opener.cancelled('archive');
          }}
        />
      ) : archived ? (
        <button type="button" className="button small" data-testid="unarchive-entry" disabled={busy} onClick={() => change.mutate()}>
          {t('archive.restore')}
        </button>
      ) : (
        <button
          ref={opener.ref('archive')}
          type="button"
          className="button small danger"
          data-testid="archive-entry"
          disabled={busy}
          onClick={() => setConfirming(true)}
        >
          {t('archive.archive')}
        </button>
      )}
      {change.error && <ErrorMessage>{errorText(t, change.error)}</ErrorMessage>}
    </>
  );
}
